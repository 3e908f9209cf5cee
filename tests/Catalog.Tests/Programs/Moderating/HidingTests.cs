using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Catalog.Feeds.Watching;
using Catalog.Tests.SigningIn;
using Microsoft.Extensions.DependencyInjection;

namespace Catalog.Tests.Programs.Moderating;

/// <summary>Hiding a program: gone for API consumers everywhere, still there (marked) for editors, back on restore.</summary>
public sealed class HidingTests(CatalogApp app) : IClassFixture<CatalogApp>
{
    private async Task<(Guid Hidden, Guid Kept, string Feed)> ProgramsInAFeedAsync(string anchorId)
    {
        var anchor = new Recordings(anchorId);
        var (hidden, kept) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        await app.AppendAsync(anchor.LogStream, anchor.Recorded(kept, $"{anchorId}-1", "mp4", Recordings.T0, Recordings.T0.AddHours(1)));
        await app.AppendAsync(anchor.LogStream, anchor.Recorded(hidden, $"{anchorId}-2", "mp4", Recordings.T0.AddDays(1), Recordings.T0.AddDays(1).AddHours(1)));
        await app.CatchUpAsync();
        var feed = $"{anchorId}-feed";
        var editor = app.Editor();
        (await editor.PutAsJsonAsync($"/v1/feeds/{feed}", new { title = "Moderated" })).EnsureSuccessStatusCode();
        (await editor.PutAsJsonAsync($"/v1/feeds/{feed}/items/{hidden}", new { note = "first" })).EnsureSuccessStatusCode();
        (await editor.PutAsJsonAsync($"/v1/feeds/{feed}/items/{kept}", new { })).EnsureSuccessStatusCode();
        return (hidden, kept, feed);
    }

    private static async Task<JsonElement> JsonAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    private static List<Guid> Ids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetGuid()).ToList();

    private static List<Guid> FeedIds(JsonElement feed) => feed.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("programId").GetGuid()).ToList();

    [Fact]
    public async Task AHiddenProgramDisappearsForConsumersAndStaysMarkedForEditors()
    {
        var (hidden, kept, feed) = await ProgramsInAFeedAsync("hide-rest");
        var at = app.Clock.Now;

        var answer = await app.Editor(CatalogApp.AliceKey).PostAsJsonAsync($"/v1/programs/{hidden}/hide", new { reason = "copyrighted music" });
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var moderation = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("alice", moderation.GetProperty("hidden").GetProperty("editor").GetString());
        await app.CatchUpAsync();

        var consumer = app.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await consumer.GetAsync($"/v1/programs/{hidden}")).StatusCode);
        Assert.Equal([kept], Ids(await JsonAsync(consumer, "/v1/anchors/hide-rest/programs")));
        Assert.Equal([kept], Ids(await JsonAsync(consumer, "/v1/programs?anchor=hide-rest")));
        var consumerFeed = await JsonAsync(consumer, $"/v1/feeds/{feed}");
        Assert.Equal([kept], FeedIds(consumerFeed));
        Assert.Equal(1, consumerFeed.GetProperty("totalItems").GetInt32());
        Assert.Equal(1, (await JsonAsync(consumer, "/v1/anchors?prefix=hide-rest")).GetProperty("items")[0].GetProperty("programCount").GetInt32());
        Assert.Equal(1, (await JsonAsync(consumer, "/v1/feeds")).GetProperty("items").EnumerateArray()
            .Single(f => f.GetProperty("id").GetString() == feed).GetProperty("itemCount").GetInt32());
        // Someone with a wrong key is just another consumer.
        Assert.Equal(HttpStatusCode.NotFound, (await app.Editor("not-a-key").GetAsync($"/v1/programs/{hidden}")).StatusCode);

        var editor = app.Editor();
        var program = await JsonAsync(editor, $"/v1/programs/{hidden}");
        var mark = program.GetProperty("hidden");
        Assert.Equal("copyrighted music", mark.GetProperty("reason").GetString());
        Assert.Equal("alice", mark.GetProperty("editor").GetString());
        Assert.Equal(at, DateTimeOffset.Parse(mark.GetProperty("at").GetString()!));
        Assert.Equal([hidden, kept], Ids(await JsonAsync(editor, "/v1/anchors/hide-rest/programs")));
        Assert.Equal([hidden, kept], Ids(await JsonAsync(editor, "/v1/programs?anchor=hide-rest")));
        Assert.Equal([hidden, kept], FeedIds(await JsonAsync(editor, $"/v1/feeds/{feed}")));
        Assert.Equal(2, (await JsonAsync(editor, "/v1/anchors?prefix=hide-rest")).GetProperty("items")[0].GetProperty("programCount").GetInt32());
        Assert.False((await JsonAsync(editor, $"/v1/programs/{kept}")).TryGetProperty("hidden", out _));

        // An editor's answer names hidden programs: no shared cache may keep it, and every answer varies by who asks.
        var editorAnswer = await editor.GetAsync($"/v1/programs/{hidden}");
        Assert.True(editorAnswer.Headers.CacheControl!.NoStore);
        Assert.True(editorAnswer.Headers.CacheControl.Private);
        Assert.Contains("Cookie", (await consumer.GetAsync("/v1/programs?anchor=hide-rest")).Headers.Vary);

        // The console's session sees what a Bearer editor sees.
        var session = await ConsoleSession.SignInAsync(app.Browser(), CatalogApp.AliceKey);
        var bySession = await app.Browser().SendAsync(session.Request(HttpMethod.Get, $"/v1/programs/{hidden}", csrf: false));
        Assert.Equal(HttpStatusCode.OK, bySession.StatusCode);
    }

    [Fact]
    public async Task RestoringBringsTheProgramBackAndTheLogKeepsBothFacts()
    {
        var (hidden, kept, feed) = await ProgramsInAFeedAsync("hide-restore");
        var session = await ConsoleSession.SignInAsync(app.Browser(), CatalogApp.AliceKey);
        var browser = app.Browser();
        Assert.Equal(HttpStatusCode.Forbidden,
            (await browser.SendAsync(session.Request(HttpMethod.Post, $"/v1/programs/{hidden}/hide", new { reason = "spam" }, csrf: false))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.SendAsync(session.Request(HttpMethod.Post, $"/v1/programs/{hidden}/hide", new { reason = "spam" }))).StatusCode);
        await app.CatchUpAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync($"/v1/programs/{hidden}")).StatusCode);

        var restored = await browser.SendAsync(session.Request(HttpMethod.Post, $"/v1/programs/{hidden}/restore"));
        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        Assert.Equal(JsonValueKind.Null, JsonDocument.Parse(await restored.Content.ReadAsStringAsync()).RootElement.GetProperty("hidden").ValueKind);
        await app.CatchUpAsync();

        var consumer = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await consumer.GetAsync($"/v1/programs/{hidden}")).StatusCode);
        Assert.Equal([hidden, kept], FeedIds(await JsonAsync(consumer, $"/v1/feeds/{feed}")));
        Assert.False((await JsonAsync(app.Editor(), $"/v1/programs/{hidden}")).TryGetProperty("hidden", out _));
        var facts = await app.Store.ReadStreamAsync($"moderation:{hidden:D}");
        Assert.Equal(["ProgramHidden", "ProgramRestored"], facts.Select(e => e.Data.GetType().Name));
        Assert.All(facts, e => Assert.Contains("alice", JsonSerializer.Serialize(e.Data, e.Data.GetType())));
    }

    [Fact]
    public async Task OnlyEditorsHideAndOnlyWithAReasonAndAKnownProgram()
    {
        var (hidden, _, _) = await ProgramsInAFeedAsync("hide-rules");

        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().PostAsJsonAsync($"/v1/programs/{hidden}/hide", new { reason = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.Admin().PostAsJsonAsync($"/v1/programs/{hidden}/hide", new { reason = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await app.Editor().PostAsJsonAsync($"/v1/programs/{hidden}/hide", new { reason = "  " })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Editor().PostAsJsonAsync($"/v1/programs/{Guid.CreateVersion7()}/hide", new { reason = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().PostAsync($"/v1/programs/{hidden}/restore", null)).StatusCode);
        Assert.Empty(await app.Store.ReadStreamAsync($"moderation:{hidden:D}"));
    }

    [Fact]
    public async Task AFeedWatcherIsSentThePageAgainWhenAProgramInItIsHiddenAndWhenItIsRestored()
    {
        var (hidden, kept, feed) = await ProgramsInAFeedAsync("hide-watch");
        await app.CatchUpAsync();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var watching = app.Services.GetRequiredService<WatchFeed>().WatchAsync(feed, null, stop.Token).GetAsyncEnumerator(stop.Token);
        Assert.True(await watching.MoveNextAsync());
        Assert.Equal([hidden, kept], watching.Current.Items.Select(i => i.ProgramId));
        var version = watching.Current.Version;

        (await app.Editor().PostAsJsonAsync($"/v1/programs/{hidden}/hide", new { reason = "spam" })).EnsureSuccessStatusCode();
        Assert.True(await watching.MoveNextAsync());
        var whileHidden = watching.Current;
        (await app.Editor().PostAsync($"/v1/programs/{hidden}/restore", null)).EnsureSuccessStatusCode();
        Assert.True(await watching.MoveNextAsync());

        // The feed's version is its stream's (the editors' If-Match), which moderation does not touch.
        Assert.Equal((version, 1), (whileHidden.Version, whileHidden.TotalItems));
        Assert.Equal([kept], whileHidden.Items.Select(i => i.ProgramId));
        Assert.Equal((version, 2), (watching.Current.Version, watching.Current.TotalItems));
        Assert.Equal([hidden, kept], watching.Current.Items.Select(i => i.ProgramId));
    }
}
