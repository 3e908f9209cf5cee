using System.Text.Json;
using Catalog.Feeds.Projecting;
using Catalog.Feeds.Watching;
using Catalog.Projections;
using Catalog.Projections.Rebuilding;
using Microsoft.Extensions.DependencyInjection;

namespace Catalog.Tests.Grpc.Service;

/// <summary>WatchFeed sends every version of a feed, in order, however close together the changes come.</summary>
public sealed class WatchFeedTests(GrpcAppFixture fixture) : IClassFixture<GrpcAppFixture>
{
    private static readonly DateTimeOffset Noon = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private CatalogGrpcApp App => fixture.App;

    [Fact]
    public async Task TwoChangesInARowArriveAsTwoVersionsInOrder()
    {
        var programs = await RecordAsync("watch-anchor-1", 5);
        await App.PutFeedAsync("in-a-row", "In a row");
        foreach (var p in programs.Take(3)) await App.FeatureAsync("in-a-row", p, "early");
        await App.CatchUpAsync();

        await using var watch = App.Grpc.Start("WatchFeed", new { feed_id = "in-a-row" }, deadlineMs: 60_000);
        var now = (await watch.NextMessageAsync())!.Value;
        // No pause between the two: each is its own version, and the watcher gets both.
        await App.FeatureAsync("in-a-row", programs[3], "fourth");
        await App.FeatureAsync("in-a-row", programs[4], "fifth");
        var first = (await watch.NextMessageAsync())!.Value;
        var second = (await watch.NextMessageAsync())!.Value;

        Assert.Equal(4, Version(now));
        Assert.Equal([5L, 6L], [Version(first), Version(second)]);
        Assert.Equal(4, first.GetProperty("total_items").GetInt32());
        Assert.Equal(5, second.GetProperty("total_items").GetInt32());
        Assert.Equal(programs[4].ToString(), second.GetProperty("items")[4].GetProperty("program_id").GetString());
        watch.Cancel();
        Assert.Equal(1, (await watch.CompletionAsync()).Code);
    }

    [Fact]
    public async Task ManyQuickChangesArriveEachInOrder()
    {
        var programs = await RecordAsync("watch-anchor-2", 12);
        await App.PutFeedAsync("quick", "Quick");
        await App.CatchUpAsync();

        await using var watch = App.Grpc.Start("WatchFeed", new { feed_id = "quick", limit = 1 }, deadlineMs: 60_000);
        Assert.Equal(1, Version((await watch.NextMessageAsync())!.Value));
        foreach (var p in programs) await App.FeatureAsync("quick", p, null!);
        var versions = new List<long>();
        for (var i = 0; i < programs.Count; i++) versions.Add(Version((await watch.NextMessageAsync())!.Value));

        Assert.Equal(Enumerable.Range(2, programs.Count).Select(v => (long)v), versions);
    }

    [Fact]
    public async Task AWatcherThatFallsBehindStillGetsEveryVersion()
    {
        var programs = await RecordAsync("watch-anchor-3", 5);
        await App.PutFeedAsync("behind", "Behind");
        await App.CatchUpAsync();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        await using var watching = App.Services.GetRequiredService<WatchFeed>().WatchAsync("behind", null, stop.Token).GetAsyncEnumerator(stop.Token);
        Assert.True(await watching.MoveNextAsync());
        // Every change is projected (and announced) while the watcher reads nothing.
        foreach (var p in programs) await App.FeatureAsync("behind", p, null!);
        await App.CatchUpAsync();
        var versions = new List<long>();
        for (var i = 0; i < programs.Count; i++)
        {
            Assert.True(await watching.MoveNextAsync());
            versions.Add(watching.Current.Version);
        }

        Assert.Equal([2L, 3L, 4L, 5L, 6L], versions);
        Assert.Equal(programs, watching.Current.Items.Select(i => i.ProgramId));
    }

    [Fact]
    public async Task AWatchGoesOnAcrossARebuildOfTheFeedsProjection()
    {
        var programs = await RecordAsync("watch-anchor-4", 2);
        await App.PutFeedAsync("rebuilt", "Rebuilt");
        await App.FeatureAsync("rebuilt", programs[0], null!);
        await App.CatchUpAsync();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var versions = App.Services.GetRequiredService<ProjectionVersions>();
        var servingBefore = await versions.ServingAsync(FeedsProjection.ProjectionName, stop.Token);

        await using var watching = App.Services.GetRequiredService<WatchFeed>().WatchAsync("rebuilt", null, stop.Token).GetAsyncEnumerator(stop.Token);
        Assert.True(await watching.MoveNextAsync());
        await App.Services.GetRequiredService<RebuildProjection>().RunAsync(FeedsProjection.ProjectionName, restart: false, null, stop.Token);
        await App.FeatureAsync("rebuilt", programs[1], "after the switch");
        Assert.True(await watching.MoveNextAsync());

        Assert.True(await versions.ServingAsync(FeedsProjection.ProjectionName, stop.Token) > servingBefore);
        Assert.Equal(3, watching.Current.Version);
        Assert.Equal(programs, watching.Current.Items.Select(i => i.ProgramId));
    }

    private async Task<List<Guid>> RecordAsync(string anchor, int count)
    {
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++) ids.Add(await App.RecordProgramAsync(anchor, ("mp4", Noon.AddDays(i), Noon.AddDays(i).AddHours(1))));
        await App.CatchUpAsync();
        return ids;
    }

    // int64 fields arrive as strings from @grpc/grpc-js (longs: String).
    private static long Version(JsonElement feed) => long.Parse(feed.GetProperty("version").GetString()!);
}
