using System.Text.Json;
using static Catalog.Tests.Grpc.Service.GrpcJson;

namespace Catalog.Tests.Grpc.Service;

/// <summary>catalog.v1.CatalogService end to end: events in the log, projections, then @grpc/grpc-js against the gRPC port.</summary>
public sealed class CatalogGrpcServiceTests(GrpcAppFixture fixture) : IClassFixture<GrpcAppFixture>
{
    private static readonly DateTimeOffset Noon = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private CatalogGrpcApp App => fixture.App;

    [Fact]
    public async Task GetProgramAnswersWhatRestAnswers()
    {
        var id = await App.RecordProgramAsync("anchor-1",
            ("mp4", Noon, Noon.AddMinutes(30)),
            ("mp4", Noon.AddMinutes(40), Noon.AddMinutes(70)),
            ("hls", Noon, Noon.AddMinutes(30)));
        await App.CatchUpAsync();

        var grpc = await App.Grpc.CallAsync("GetProgram", new { id = id.ToString() });
        using var rest = JsonDocument.Parse(await App.Rest.GetStringAsync($"/v1/programs/{id}"));

        Assert.Equal(0, grpc.Code);
        AssertSameProgram(rest.RootElement, grpc.Message);
        Assert.Equal(["hls", "mp4"], grpc.Message.GetProperty("renditions").EnumerateArray().Select(r => r.GetProperty("format").GetString()));
        var gap = Assert.Single(grpc.Message.GetProperty("gaps").EnumerateArray());
        Assert.Equal(Noon.AddMinutes(30), Time(gap.GetProperty("started_at")));
        Assert.Equal(Noon.AddMinutes(40), Time(gap.GetProperty("ended_at")));
    }

    [Fact]
    public async Task GetProgramOfAMergedIdAnswersWithItsSurvivorLikeRest()
    {
        var survivor = await App.RecordProgramAsync("anchor-6", ("mp4", Noon, Noon.AddMinutes(30)));
        var merged = await App.RecordProgramAsync("anchor-6", ("mp4", Noon.AddMinutes(35), Noon.AddMinutes(60)));
        await App.MergeAsync("anchor-6", survivor, merged, Noon.AddHours(2));
        await App.CatchUpAsync();

        var grpc = await App.Grpc.CallAsync("GetProgram", new { id = merged.ToString() });
        using var rest = JsonDocument.Parse(await App.Rest.GetStringAsync($"/v1/programs/{merged}"));

        Assert.Equal(0, grpc.Code);
        AssertSameProgram(rest.RootElement, grpc.Message);
        Assert.Equal(survivor.ToString(), grpc.Message.GetProperty("id").GetString());
        Assert.Equal(survivor.ToString(), grpc.Message.GetProperty("merged_into").GetString());
        Assert.Equal([merged.ToString()], grpc.Message.GetProperty("merged_from").EnumerateArray().Select(e => e.GetString()));
        Assert.True(grpc.Message.GetProperty("flags").GetProperty("merged").GetBoolean());
    }

    [Fact]
    public async Task GetProgramOfUnknownIdIsNotFound()
    {
        var result = await App.Grpc.CallAsync("GetProgram", new { id = Guid.NewGuid().ToString() });

        Assert.Equal(5, result.Code);
        Assert.Empty(result.Messages);
    }

    [Fact]
    public async Task GetProgramWithMalformedIdIsInvalidArgument()
    {
        var result = await App.Grpc.CallAsync("GetProgram", new { id = "not-a-uuid" });

        Assert.Equal(3, result.Code);
    }

    [Fact]
    public async Task ListAnchorProgramsPagesNewestFirstLikeRest()
    {
        var oldest = await App.RecordProgramAsync("anchor-2", ("flv", Noon, Noon.AddHours(1)));
        var middle = await App.RecordProgramAsync("anchor-2", ("flv", Noon.AddDays(1), Noon.AddDays(1).AddHours(1)));
        var newest = await App.RecordProgramAsync("anchor-2", ("flv", Noon.AddDays(2), Noon.AddDays(2).AddHours(1)));
        await App.RecordProgramAsync("someone-else", ("flv", Noon, Noon.AddHours(1)));
        await App.CatchUpAsync();

        var first = await App.Grpc.CallAsync("ListAnchorPrograms", new { anchor_id = "anchor-2", limit = 2 });
        var cursor = first.Message.GetProperty("next_cursor").GetString();
        var second = await App.Grpc.CallAsync("ListAnchorPrograms", new { anchor_id = "anchor-2", limit = 2, cursor });
        using var restFirst = JsonDocument.Parse(await App.Rest.GetStringAsync("/v1/anchors/anchor-2/programs?limit=2"));

        Assert.Equal([newest.ToString(), middle.ToString()], Ids(first.Message));
        Assert.Equal(restFirst.RootElement.GetProperty("nextCursor").GetString(), cursor);
        foreach (var (r, g) in restFirst.RootElement.GetProperty("items").EnumerateArray().Zip(first.Message.GetProperty("programs").EnumerateArray()))
            AssertSameProgram(r, g);
        Assert.Equal([oldest.ToString()], Ids(second.Message));
        Assert.Equal("", second.Message.GetProperty("next_cursor").GetString());
    }

    [Fact]
    public async Task ListAnchorProgramsFiltersByStartTime()
    {
        await App.RecordProgramAsync("anchor-3", ("mp4", Noon, Noon.AddHours(1)));
        var inside = await App.RecordProgramAsync("anchor-3", ("mp4", Noon.AddDays(1), Noon.AddDays(1).AddHours(1)));
        await App.RecordProgramAsync("anchor-3", ("mp4", Noon.AddDays(2), Noon.AddDays(2).AddHours(1)));
        await App.CatchUpAsync();

        var result = await App.Grpc.CallAsync("ListAnchorPrograms",
            new { anchor_id = "anchor-3", from = Timestamp(Noon.AddHours(12)), to = Timestamp(Noon.AddDays(1).AddHours(12)) });

        Assert.Equal(0, result.Code);
        Assert.Equal([inside.ToString()], Ids(result.Message));
    }

    [Theory]
    [InlineData("{\"anchor_id\":\"a\",\"limit\":-1}")]
    [InlineData("{\"anchor_id\":\"a\",\"limit\":100000}")]
    [InlineData("{\"anchor_id\":\"a\",\"cursor\":\"garbage\"}")]
    [InlineData("{\"anchor_id\":\"\"}")]
    public async Task ListAnchorProgramsWithBadArgumentsIsInvalidArgument(string request)
    {
        var result = await App.Grpc.CallAsync("ListAnchorPrograms", JsonDocument.Parse(request).RootElement);

        Assert.Equal(3, result.Code);
        Assert.NotEmpty(result.Details);
    }

    [Fact]
    public async Task GetFeedAnswersItemsWithTheirProgramsLikeRest()
    {
        var first = await App.RecordProgramAsync("anchor-4", ("mp4", Noon, Noon.AddHours(1)));
        var second = await App.RecordProgramAsync("anchor-4", ("mp4", Noon.AddDays(1), Noon.AddDays(1).AddHours(1)));
        await App.CatchUpAsync();
        await App.PutFeedAsync("best-of", "Best of March");
        await App.FeatureAsync("best-of", first, "opening night");
        await App.FeatureAsync("best-of", second, "encore");
        await App.CatchUpAsync();

        var grpc = await App.Grpc.CallAsync("GetFeed", new { feed_id = "best-of", limit = 1 });
        using var rest = JsonDocument.Parse(await App.Rest.GetStringAsync("/v1/feeds/best-of?limit=1"));

        Assert.Equal(0, grpc.Code);
        var feed = grpc.Message;
        var restFeed = rest.RootElement;
        Assert.Equal("best-of", feed.GetProperty("id").GetString());
        Assert.Equal("Best of March", feed.GetProperty("title").GetString());
        Assert.Equal(restFeed.GetProperty("version").GetInt64().ToString(), feed.GetProperty("version").GetString());
        Assert.Equal(restFeed.GetProperty("createdBy").GetString(), feed.GetProperty("created_by").GetString());
        Assert.Equal(RestTime(restFeed.GetProperty("updatedAt")), Time(feed.GetProperty("updated_at")));
        Assert.Equal(2, feed.GetProperty("total_items").GetInt32());
        Assert.Equal(restFeed.GetProperty("nextCursor").GetString(), feed.GetProperty("next_cursor").GetString());
        var item = Assert.Single(feed.GetProperty("items").EnumerateArray());
        var restItem = restFeed.GetProperty("items")[0];
        Assert.Equal(1, item.GetProperty("position").GetInt32());
        Assert.Equal(first.ToString(), item.GetProperty("program_id").GetString());
        Assert.Equal("opening night", item.GetProperty("note").GetString());
        Assert.Equal(restItem.GetProperty("featuredBy").GetString(), item.GetProperty("featured_by").GetString());
        Assert.Equal(RestTime(restItem.GetProperty("featuredAt")), Time(item.GetProperty("featured_at")));
        AssertSameProgram(restItem.GetProperty("program"), item.GetProperty("program"));

        var next = await App.Grpc.CallAsync("GetFeed", new { feed_id = "best-of", limit = 1, cursor = feed.GetProperty("next_cursor").GetString() });
        var last = Assert.Single(next.Message.GetProperty("items").EnumerateArray());
        Assert.Equal(2, last.GetProperty("position").GetInt32());
        Assert.Equal(second.ToString(), last.GetProperty("program_id").GetString());
    }

    [Fact]
    public async Task GetFeedOfUnknownFeedIsNotFound()
    {
        var result = await App.Grpc.CallAsync("GetFeed", new { feed_id = "nobody-made-this" });

        Assert.Equal(5, result.Code);
    }

    [Fact]
    public async Task GetFeedWithMalformedIdIsInvalidArgument()
    {
        var result = await App.Grpc.CallAsync("GetFeed", new { feed_id = "no spaces allowed!" });

        Assert.Equal(3, result.Code);
    }

    [Fact]
    public async Task WatchFeedPushesTheNewStateAfterAChange()
    {
        var first = await App.RecordProgramAsync("anchor-5", ("mp4", Noon, Noon.AddHours(1)));
        var second = await App.RecordProgramAsync("anchor-5", ("mp4", Noon.AddDays(1), Noon.AddDays(1).AddHours(1)));
        await App.CatchUpAsync();
        await App.PutFeedAsync("live-picks", "Live picks");
        await App.FeatureAsync("live-picks", first, null!);
        await App.CatchUpAsync();

        await using var watch = App.Grpc.Start("WatchFeed", new { feed_id = "live-picks" }, deadlineMs: 60_000);
        var initial = (await watch.NextMessageAsync())!.Value;
        Assert.Single(initial.GetProperty("items").EnumerateArray());
        var initialVersion = long.Parse(initial.GetProperty("version").GetString()!);

        await App.FeatureAsync("live-picks", second, "just in");
        var update = (await watch.NextMessageAsync(TimeSpan.FromSeconds(30)))!.Value;

        Assert.True(long.Parse(update.GetProperty("version").GetString()!) > initialVersion);
        Assert.Equal([first.ToString(), second.ToString()],
            update.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("program_id").GetString()));
        Assert.Equal("just in", update.GetProperty("items")[1].GetProperty("note").GetString());
        watch.Cancel();
        Assert.Equal(1, (await watch.CompletionAsync()).Code);
    }

    [Fact]
    public async Task EveryWatcherOfAFeedHearsTheChange()
    {
        var program = await App.RecordProgramAsync("anchor-7", ("hls", Noon, Noon.AddHours(1)));
        await App.CatchUpAsync();
        await App.PutFeedAsync("shared", "Shared");
        await App.CatchUpAsync();

        await using var one = App.Grpc.Start("WatchFeed", new { feed_id = "shared" }, deadlineMs: 60_000);
        await using var two = App.Grpc.Start("WatchFeed", new { feed_id = "shared" }, deadlineMs: 60_000);
        Assert.Empty((await one.NextMessageAsync())!.Value.GetProperty("items").EnumerateArray());
        Assert.Empty((await two.NextMessageAsync())!.Value.GetProperty("items").EnumerateArray());

        await App.FeatureAsync("shared", program, "for everyone");

        foreach (var watch in new[] { one, two })
        {
            var update = (await watch.NextMessageAsync(TimeSpan.FromSeconds(30)))!.Value;
            Assert.Equal(program.ToString(), Assert.Single(update.GetProperty("items").EnumerateArray()).GetProperty("program_id").GetString());
        }
    }

    [Fact]
    public async Task WatchFeedEndsWithDeadlineExceededWhenNothingChanges()
    {
        await App.PutFeedAsync("quiet", "Quiet");
        await App.CatchUpAsync();

        var result = await App.Grpc.CallAsync("WatchFeed", new { feed_id = "quiet" }, deadlineMs: 4000);

        Assert.Equal(4, result.Code);
        Assert.Equal("Quiet", Assert.Single(result.Messages).GetProperty("title").GetString());
    }

    [Fact]
    public async Task WatchFeedOfUnknownFeedIsNotFound()
    {
        var result = await App.Grpc.CallAsync("WatchFeed", new { feed_id = "missing-feed" }, deadlineMs: 10_000);

        Assert.Equal(5, result.Code);
        Assert.Empty(result.Messages);
    }

    private static IEnumerable<string?> Ids(JsonElement page) =>
        page.GetProperty("programs").EnumerateArray().Select(p => p.GetProperty("id").GetString()).ToList();
}

/// <summary>With <c>Catalog:Grpc:ApiKeys</c> configured, reads and reflection over gRPC need a key; health does not.</summary>
public sealed class CatalogGrpcAuthenticationTests(KeyedGrpcAppFixture fixture) : IClassFixture<KeyedGrpcAppFixture>
{
    private CatalogGrpcApp App => fixture.App;

    [Fact]
    public async Task CallWithoutKeyIsUnauthenticated()
    {
        var result = await App.Grpc.CallAsync("GetFeed", new { feed_id = "any" });

        Assert.Equal(16, result.Code);
    }

    [Fact]
    public async Task CallWithBearerKeyReachesTheQuery()
    {
        var result = await App.Grpc.CallAsync("GetFeed", new { feed_id = "any" }, metadata: [$"authorization=Bearer {KeyedGrpcAppFixture.Key}"]);

        // Past authentication, the query itself answers: there is no such feed.
        Assert.Equal(5, result.Code);
    }

    [Fact]
    public async Task HealthNeedsNoKeyWhileReflectionDoes()
    {
        var health = await App.Python.RunAsync("health-check");
        var reflection = await App.Python.RunAsync("reflect", "--request", "list:");

        Assert.Equal(0, health.Code);
        Assert.Equal(16, reflection.Code);
    }
}
