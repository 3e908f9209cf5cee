using System.Net.Http.Json;
using System.Text.Json;
using static Catalog.Tests.Grpc.Service.GrpcJson;

namespace Catalog.Tests.Grpc.Service;

/// <summary>The console's reads over gRPC (programs across anchors, anchors, feeds), and hidden programs hidden from gRPC consumers.</summary>
public sealed class CatalogGrpcListingTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Noon = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private CatalogGrpcApp _app = null!;
    private HttpClient _consumer = null!;

    public async Task InitializeAsync()
    {
        _app = await CatalogGrpcApp.StartAsync();
        _consumer = new HttpClient { BaseAddress = _app.Rest.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        _consumer.Dispose();
        await _app.DisposeAsync();
    }

    private static List<string?> Ids(JsonElement programs) => programs.EnumerateArray().Select(p => p.GetProperty("id").GetString()).ToList();

    [Fact]
    public async Task ListProgramsListAnchorsAndListFeedsAnswerWhatRestAnswers()
    {
        var a = await _app.RecordProgramAsync("grpc-list-a", ("mp4", Noon, Noon.AddMinutes(30)));
        var b = await _app.RecordProgramAsync("grpc-list-b", ("mp4", Noon.AddHours(1), Noon.AddHours(2)), ("hls", Noon.AddHours(1), Noon.AddHours(2)));
        var a2 = await _app.RecordProgramAsync("grpc-list-a", ("mp4", Noon.AddHours(3), Noon.AddHours(4)));
        await _app.CatchUpAsync();
        await _app.PutFeedAsync("grpc-listed", "Listed");
        await _app.FeatureAsync("grpc-listed", b, "b");
        await _app.CatchUpAsync();

        var first = await _app.Grpc.CallAsync("ListPrograms", new { limit = 2 });
        Assert.Equal(0, first.Code);
        Assert.Equal([a2.ToString(), b.ToString()], Ids(first.Message.GetProperty("programs")));
        using var rest = JsonDocument.Parse(await _consumer.GetStringAsync("/v1/programs?limit=2"));
        AssertSameProgram(rest.RootElement.GetProperty("items")[1], first.Message.GetProperty("programs")[1]);
        var second = await _app.Grpc.CallAsync("ListPrograms", new { limit = 2, cursor = first.Message.GetProperty("next_cursor").GetString() });
        Assert.Equal([a.ToString()], Ids(second.Message.GetProperty("programs")));
        var onlyA = await _app.Grpc.CallAsync("ListPrograms", new { anchor_id = "grpc-list-a" });
        Assert.Equal([a2.ToString(), a.ToString()], Ids(onlyA.Message.GetProperty("programs")));

        var anchors = await _app.Grpc.CallAsync("ListAnchors", new { prefix = "grpc-list-" });
        Assert.Equal(0, anchors.Code);
        var listed = anchors.Message.GetProperty("anchors").EnumerateArray().ToList();
        Assert.Equal(["grpc-list-a", "grpc-list-b"], listed.Select(x => x.GetProperty("anchor_id").GetString()));
        Assert.Equal([2, 1], listed.Select(x => x.GetProperty("program_count").GetInt32()));
        Assert.Equal(Noon.AddHours(3), Time(listed[0].GetProperty("latest_program_at")));

        var feeds = await _app.Grpc.CallAsync("ListFeeds", new { });
        var feed = Assert.Single(feeds.Message.GetProperty("feeds").EnumerateArray());
        Assert.Equal("grpc-listed", feed.GetProperty("id").GetString());
        Assert.Equal("Listed", feed.GetProperty("title").GetString());
        Assert.Equal(1, feed.GetProperty("item_count").GetInt32());
        Assert.Equal("2", feed.GetProperty("version").ToString().Trim('"'));
    }

    [Fact]
    public async Task AHiddenProgramIsHiddenFromEveryGrpcRead()
    {
        var kept = await _app.RecordProgramAsync("grpc-hide", ("mp4", Noon, Noon.AddMinutes(30)));
        var hidden = await _app.RecordProgramAsync("grpc-hide", ("mp4", Noon.AddHours(2), Noon.AddHours(3)));
        await _app.CatchUpAsync();
        await _app.PutFeedAsync("grpc-moderated", "Moderated");
        await _app.FeatureAsync("grpc-moderated", hidden, "hidden one");
        await _app.FeatureAsync("grpc-moderated", kept, "kept one");
        (await _app.Rest.PostAsJsonAsync($"/v1/programs/{hidden}/hide", new { reason = "abuse" })).EnsureSuccessStatusCode();
        await _app.CatchUpAsync();

        Assert.Equal(5, (await _app.Grpc.CallAsync("GetProgram", new { id = hidden.ToString() })).Code);
        Assert.Equal(0, (await _app.Grpc.CallAsync("GetProgram", new { id = kept.ToString() })).Code);
        Assert.Equal([kept.ToString()], Ids((await _app.Grpc.CallAsync("ListAnchorPrograms", new { anchor_id = "grpc-hide" })).Message.GetProperty("programs")));
        Assert.Equal([kept.ToString()], Ids((await _app.Grpc.CallAsync("ListPrograms", new { anchor_id = "grpc-hide" })).Message.GetProperty("programs")));
        var feed = (await _app.Grpc.CallAsync("GetFeed", new { feed_id = "grpc-moderated" })).Message;
        Assert.Equal([kept.ToString()], feed.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("program_id").GetString()));
        Assert.Equal(1, feed.GetProperty("total_items").GetInt32());
        var anchor = Assert.Single((await _app.Grpc.CallAsync("ListAnchors", new { prefix = "grpc-hide" })).Message.GetProperty("anchors").EnumerateArray());
        Assert.Equal(1, anchor.GetProperty("program_count").GetInt32());
        var listedFeed = Assert.Single((await _app.Grpc.CallAsync("ListFeeds", new { })).Message.GetProperty("feeds").EnumerateArray());
        Assert.Equal(1, listedFeed.GetProperty("item_count").GetInt32());

        (await _app.Rest.PostAsync($"/v1/programs/{hidden}/restore", null)).EnsureSuccessStatusCode();
        await _app.CatchUpAsync();
        Assert.Equal(0, (await _app.Grpc.CallAsync("GetProgram", new { id = hidden.ToString() })).Code);
    }
}
