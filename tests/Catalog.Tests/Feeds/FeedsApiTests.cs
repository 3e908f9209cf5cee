using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Catalog.Tests.Feeds;

public sealed class FeedsApiTests(CatalogApp app) : IClassFixture<CatalogApp>
{
    private static readonly DateTimeOffset T0 = Recordings.T0;

    private async Task<Guid> ProgramAsync(string anchorId, int day = 0)
    {
        var anchor = new Recordings(anchorId);
        var id = Guid.CreateVersion7();
        await app.AppendAsync(anchor.LogStream, anchor.Recorded(id, $"{anchorId}-{day}", "mp4", T0.AddDays(day), T0.AddDays(day).AddHours(1)));
        return id;
    }

    private static HttpRequestMessage Put(string url, object body, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = JsonContent.Create(body) };
        if (ifMatch is not null) request.Headers.IfMatch.Add(ifMatch == "*" ? EntityTagHeaderValue.Any : EntityTagHeaderValue.Parse(ifMatch));
        return request;
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        Assert.Equal(expected, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    [Fact]
    public async Task CurationWithoutAValidEditorKeyIsRejected()
    {
        var anonymous = await app.CreateClient().PutAsJsonAsync("/v1/feeds/no-key", new { title = "x" });
        var wrongKey = await app.Editor("not-a-key").PutAsJsonAsync("/v1/feeds/no-key", new { title = "x" });
        var adminKey = await app.Admin().PutAsJsonAsync("/v1/feeds/no-key", new { title = "x" });

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, adminKey.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync("/v1/feeds/no-key")).StatusCode);
    }

    [Fact]
    public async Task EditorsBuildAFeedThatReadsInEditorialOrderWithEachProgram()
    {
        var (a, b, c) = (await ProgramAsync("feed-a"), await ProgramAsync("feed-b"), await ProgramAsync("feed-c"));
        await app.CatchUpAsync();
        var editor = app.Editor();

        var created = await editor.PutAsJsonAsync("/v1/feeds/weekend", new { title = "Weekend picks" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("\"1\"", created.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.OK, (await editor.PutAsJsonAsync($"/v1/feeds/weekend/items/{a}", new { note = "opening" })).StatusCode);
        await editor.PutAsJsonAsync($"/v1/feeds/weekend/items/{b}", new { });
        await app.Editor(CatalogApp.SecondEditorKey).PutAsJsonAsync($"/v1/feeds/weekend/items/{c}", new { position = 1, note = "top" });
        await editor.PutAsJsonAsync($"/v1/feeds/weekend/items/{b}", new { position = 2 });
        await editor.PutAsJsonAsync("/v1/feeds/weekend", new { title = "Weekend best" });
        await app.CatchUpAsync();

        var feed = await JsonAsync(await app.CreateClient().GetAsync("/v1/feeds/weekend"));
        Assert.Equal("Weekend best", feed.GetProperty("title").GetString());
        var items = feed.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([c, b, a], items.Select(i => i.GetProperty("programId").GetGuid()));
        Assert.Equal([1, 2, 3], items.Select(i => i.GetProperty("position").GetInt32()));
        Assert.Equal("top", items[0].GetProperty("note").GetString());
        Assert.Equal("editor-1", items[0].GetProperty("featuredBy").GetString());
        Assert.Equal(c, items[0].GetProperty("program").GetProperty("id").GetGuid());
        Assert.Equal("feed-c", items[0].GetProperty("program").GetProperty("anchorId").GetString());

        var page = await JsonAsync(await app.CreateClient().GetAsync("/v1/feeds/weekend?limit=2"));
        var rest = await JsonAsync(await app.CreateClient().GetAsync($"/v1/feeds/weekend?limit=2&cursor={page.GetProperty("nextCursor").GetString()}"));
        Assert.Equal([a], rest.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("programId").GetGuid()));

        var history = await JsonAsync(await app.CreateClient().GetAsync("/v1/feeds/weekend/history"));
        var changes = history.GetProperty("changes").EnumerateArray().ToList();
        Assert.Equal(["feed-created", "program-featured", "program-featured", "program-featured", "program-moved", "feed-retitled"],
            changes.Select(ch => ch.GetProperty("type").GetString()));
        Assert.Equal(["editor-0", "editor-0", "editor-0", "editor-1", "editor-0", "editor-0"], changes.Select(ch => ch.GetProperty("editor").GetString()));
        Assert.All(changes, ch => Assert.Equal("2026-03-01T12:00:00Z", ch.GetProperty("at").GetString()));
    }

    [Fact]
    public async Task AnEditWithAStaleIfMatchIsAnswered412AndOverwritesNothing()
    {
        var (a, b) = (await ProgramAsync("stale-a"), await ProgramAsync("stale-b"));
        await app.CatchUpAsync();
        var editor = app.Editor();
        await editor.PutAsJsonAsync("/v1/feeds/stale", new { title = "Stale" });
        await app.CatchUpAsync();
        var read = await app.CreateClient().GetAsync("/v1/feeds/stale");
        var etag = read.Headers.ETag!.Tag;

        var first = await editor.SendAsync(Put($"/v1/feeds/stale/items/{a}", new { }, etag));
        var second = await app.Editor(CatalogApp.SecondEditorKey).SendAsync(Put($"/v1/feeds/stale/items/{b}", new { }, etag));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);
        var retried = await editor.SendAsync(Put($"/v1/feeds/stale/items/{b}", new { }, first.Headers.ETag!.Tag));
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        await app.CatchUpAsync();
        var feed = await JsonAsync(await app.CreateClient().GetAsync("/v1/feeds/stale"));
        Assert.Equal([a, b], feed.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("programId").GetGuid()));
    }

    [Fact]
    public async Task IfMatchStarRequiresTheFeedToExist()
    {
        var missing = await app.Editor().SendAsync(Put("/v1/feeds/star", new { title = "Star" }, "*"));
        var created = await app.Editor().SendAsync(Put("/v1/feeds/star", new { title = "Star" }));
        var retitled = await app.Editor().SendAsync(Put("/v1/feeds/star", new { title = "Star bright" }, "*"));

        Assert.Equal(HttpStatusCode.PreconditionFailed, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retitled.StatusCode);
        Assert.Equal("\"2\"", retitled.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task ConcurrentEditsAtTheSameVersionLetExactlyOneWin()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 6; i++) ids.Add(await ProgramAsync("race", i));
        await app.CatchUpAsync();
        await app.Editor().PutAsJsonAsync("/v1/feeds/race", new { title = "Race" });

        var outcomes = await Task.WhenAll(ids.Select(id => app.Editor().SendAsync(Put($"/v1/feeds/race/items/{id}", new { }, "\"1\""))));

        Assert.Single(outcomes, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(5, outcomes.Count(r => r.StatusCode == HttpStatusCode.PreconditionFailed));
    }

    [Fact]
    public async Task MalformedCurationRequestsAre400Problems()
    {
        var badJson = await app.Editor().PutAsync("/v1/feeds/malformed", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));
        var badId = await app.Editor().PutAsJsonAsync("/v1/feeds/not%20ok", new { title = "x" });
        var noTitle = await app.Editor().PutAsJsonAsync("/v1/feeds/malformed", new { title = " " });

        Assert.All(new[] { badJson, badId, noTitle }, r =>
        {
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        });
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync("/v1/feeds/malformed/history")).StatusCode);
    }

    [Fact]
    public async Task FeaturingAnUnknownProgramIsA404ProblemAndLeavesNoItem()
    {
        await app.Editor().PutAsJsonAsync("/v1/feeds/unknown", new { title = "Unknown" });

        var response = await app.Editor().PutAsJsonAsync($"/v1/feeds/unknown/items/{Guid.CreateVersion7()}", new { });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var history = await JsonAsync(await app.CreateClient().GetAsync("/v1/feeds/unknown/history"));
        Assert.Single(history.GetProperty("changes").EnumerateArray());
    }

    [Fact]
    public async Task AFeaturedProgramThatIsMergedAwayFollowsItsSurvivorInTheFeed()
    {
        var anchor = new Recordings("feed-merge");
        var (survivor, merged, other) = (Guid.CreateVersion7(), Guid.CreateVersion7(), await ProgramAsync("feed-merge-other"));
        await app.AppendAsync(anchor.LogStream, anchor.Recorded(survivor, "s", "mp4", T0, T0.AddMinutes(30)));
        await app.AppendAsync(anchor.LogStream, anchor.Recorded(merged, "m", "mp4", T0.AddMinutes(40), T0.AddMinutes(60)));
        await app.CatchUpAsync();
        await app.Editor().PutAsJsonAsync("/v1/feeds/merges", new { title = "Merges" });
        await app.Editor().PutAsJsonAsync($"/v1/feeds/merges/items/{merged}", new { note = "keep me" });
        await app.Editor().PutAsJsonAsync($"/v1/feeds/merges/items/{other}", new { });

        await app.AppendAsync(anchor.LogStream, [.. anchor.Recorded(survivor, "bridge", "mp4", T0.AddMinutes(30), T0.AddMinutes(40)), anchor.Merged(survivor, merged, T0.AddHours(2))]);
        await app.CatchUpAsync();

        var feed = await JsonAsync(await app.CreateClient().GetAsync("/v1/feeds/merges"));
        var items = feed.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([survivor, other], items.Select(i => i.GetProperty("programId").GetGuid()));
        Assert.Equal("keep me", items[0].GetProperty("note").GetString());
        Assert.Equal(3, items[0].GetProperty("program").GetProperty("renditions")[0].GetProperty("files").GetArrayLength());

        var delete = await app.Editor().DeleteAsync($"/v1/feeds/merges/items/{merged}");
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        await app.CatchUpAsync();
        var after = await JsonAsync(await app.CreateClient().GetAsync("/v1/feeds/merges"));
        Assert.Equal([other], after.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("programId").GetGuid()));
    }

    [Fact]
    public async Task FeedReadsAnswer304UntilTheFeedChanges()
    {
        var a = await ProgramAsync("feed-304");
        await app.CatchUpAsync();
        await app.Editor().PutAsJsonAsync("/v1/feeds/cached", new { title = "Cached" });
        await app.CatchUpAsync();
        var client = app.CreateClient();
        var etag = (await client.GetAsync("/v1/feeds/cached")).Headers.ETag!;

        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/v1/feeds/cached") { Headers = { IfNoneMatch = { etag } } })).StatusCode);
        await app.Editor().PutAsJsonAsync($"/v1/feeds/cached/items/{a}", new { });
        await app.CatchUpAsync();
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/v1/feeds/cached") { Headers = { IfNoneMatch = { etag } } })).StatusCode);
    }
}
