using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Catalog.Tests.Feeds;

public sealed class ListFeedsTests(CatalogApp app) : IClassFixture<CatalogApp>
{
    [Fact]
    public async Task EveryFeedIsListedWithItsTitleItemCountAndVersion()
    {
        var anchor = new Recordings("list-feeds");
        var (p1, p2) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        await app.AppendAsync(anchor.LogStream, anchor.Recorded(p1, "lf-1", "mp4", Recordings.T0, Recordings.T0.AddHours(1)));
        await app.AppendAsync(anchor.LogStream, anchor.Recorded(p2, "lf-2", "mp4", Recordings.T0.AddDays(1), Recordings.T0.AddDays(1).AddHours(1)));
        await app.CatchUpAsync();
        var editor = app.Editor(CatalogApp.AliceKey);
        await editor.PutAsJsonAsync("/v1/feeds/listed-b", new { title = "Second" });
        await editor.PutAsJsonAsync("/v1/feeds/listed-a", new { title = "First" });
        await editor.PutAsJsonAsync($"/v1/feeds/listed-a/items/{p1}", new { });
        await editor.PutAsJsonAsync($"/v1/feeds/listed-a/items/{p2}", new { note = "late" });
        await app.CatchUpAsync();

        var response = await app.CreateClient().GetAsync("/v1/feeds");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var feeds = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("items").EnumerateArray()
            .Where(f => f.GetProperty("id").GetString()!.StartsWith("listed-")).ToList();
        Assert.Equal(["listed-a", "listed-b"], feeds.Select(f => f.GetProperty("id").GetString()));
        Assert.Equal(["First", "Second"], feeds.Select(f => f.GetProperty("title").GetString()));
        Assert.Equal([2, 0], feeds.Select(f => f.GetProperty("itemCount").GetInt32()));
        Assert.Equal([3L, 1L], feeds.Select(f => f.GetProperty("version").GetInt64()));
    }
}
