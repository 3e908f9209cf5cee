using System.Net;
using System.Text.Json;

namespace Catalog.Tests.Anchors;

/// <summary><c>GET /v1/anchors</c>: each test lists the anchors under a prefix of its own.</summary>
public sealed class AnchorsApiTests(CatalogApp app) : IClassFixture<CatalogApp>
{
    private async Task RecordAsync(string anchorId, DateTimeOffset start, Guid? programId = null)
    {
        var anchor = new Recordings(anchorId);
        var id = programId ?? Guid.CreateVersion7();
        await app.AppendAsync(anchor.LogStream, anchor.Recorded(id, $"{anchorId}-{start.Ticks}", "mp4", start, start.AddMinutes(20)));
    }

    private async Task<JsonElement> GetAsync(string url)
    {
        var response = await app.CreateClient().GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    [Fact]
    public async Task AnchorsComeInIdOrderWithTheirProgramCountAndLatestProgramAPageAtATime()
    {
        var t = Recordings.T0;
        await RecordAsync("list-b", t);
        await RecordAsync("list-a", t);
        await RecordAsync("list-a", t.AddDays(2));
        await RecordAsync("list-a", t.AddDays(1));
        await RecordAsync("list-c", t.AddHours(5));
        await RecordAsync("other-a", t);
        // A merged-away program is not counted twice: its survivor stands for it.
        var survivor = Guid.CreateVersion7();
        var merged = Guid.CreateVersion7();
        await RecordAsync("list-c", t.AddDays(3), survivor);
        await RecordAsync("list-c", t.AddDays(3).AddMinutes(21), merged);
        var c = new Recordings("list-c");
        await app.AppendAsync(c.LogStream, c.Merged(survivor, merged, t.AddDays(3)));
        await app.CatchUpAsync();

        var first = await GetAsync("/v1/anchors?prefix=list-&limit=2");
        var items = first.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["list-a", "list-b"], items.Select(a => a.GetProperty("anchorId").GetString()));
        Assert.Equal([3, 1], items.Select(a => a.GetProperty("programCount").GetInt32()));
        Assert.Equal("2026-02-03T20:00:00Z", items[0].GetProperty("latestProgramAt").GetString());

        var second = await GetAsync($"/v1/anchors?prefix=list-&limit=2&cursor={first.GetProperty("nextCursor").GetString()}");
        var rest = Assert.Single(second.GetProperty("items").EnumerateArray());
        Assert.Equal("list-c", rest.GetProperty("anchorId").GetString());
        Assert.Equal(2, rest.GetProperty("programCount").GetInt32());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextCursor").ValueKind);
    }

    [Fact]
    public async Task APrefixWithLikeWildcardsMatchesThemLiterally()
    {
        await RecordAsync("pct%_x", Recordings.T0);
        await RecordAsync("pctab", Recordings.T0);
        await app.CatchUpAsync();

        var page = await GetAsync($"/v1/anchors?prefix={Uri.EscapeDataString("pct%_")}");

        Assert.Equal(["pct%_x"], page.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("anchorId").GetString()));
    }

    [Fact]
    public async Task ABadCursorOrLimitIsAProblem()
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await app.CreateClient().GetAsync("/v1/anchors?cursor=%%%")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await app.CreateClient().GetAsync("/v1/anchors?limit=-1")).StatusCode);
    }
}
