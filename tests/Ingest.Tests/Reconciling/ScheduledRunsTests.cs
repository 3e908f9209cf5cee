using System.Text.Json;
using Testing;
using Testing.Tencent;
using static Ingest.Tests.Reconciling.Reconciliation;

namespace Ingest.Tests.Reconciling;

/// <summary>Hosts of their own: what is tested is the schedule, from the run at start on.</summary>
public class ScheduledRunsTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private static Dictionary<string, string?> Schedule(string interval, string lookBack = "03:00:00") => new()
    {
        ["Tencent:Reconcile:Interval"] = interval,
        ["Tencent:Reconcile:LookBack"] = lookBack,
        ["Tencent:Reconcile:Step"] = "01:00:00",
        ["Tencent:Reconcile:Overlap"] = "00:05:00",
    };

    [Fact]
    public async Task TwoReplicasReconcileOnce()
    {
        await using var vod = new SearchMediaStandIn(StandInSecret);
        vod.Add([
            File("r-1", "mp4", 0, 30, Now.AddMinutes(-150)).Vod,
            File("r-2", "mp4", 30, 60, Now.AddMinutes(-90)).Vod,
            File("r-3", "mp4", 60, 90, Now.AddMinutes(-30)).Vod,
        ]);
        var database = await TestPostgres.NewDatabaseAsync();

        var replicas = await Task.WhenAll(StartAsync(vod, Schedule("01:00:00"), database), StartAsync(vod, Schedule("01:00:00"), database));
        await using var first = replicas[0];
        await using var second = replicas[1];
        await Eventually.TrueAsync(async () => await first.ScalarAsync<long>(
            "SELECT count(*) FROM ingest.reconcile_runs WHERE outcome IS NOT NULL") > 0, "a scheduled run to finish");

        Assert.Equal(1L, await first.ScalarAsync<long>("SELECT count(*) FROM ingest.reconcile_runs"));
        Assert.Equal(3, (await FilesOfAsync(first)).Count);
        var windows = vod.Calls.Select(c => (c.After, c.Before, c.Offset)).ToList();
        Assert.Equal(windows.Distinct().Count(), windows.Count);
        Assert.InRange(windows.Count, 3, 4);
        Assert.Equal(1L, await first.ScalarAsync<long>("""
            SELECT count(*) FROM pg_locks
            WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
            """));
    }

    [Fact]
    public async Task EachScheduledRunStartsAtTheWatermarkLessTheOverlapAndFindsWhatCameSince()
    {
        await using var vod = new SearchMediaStandIn(StandInSecret);
        vod.Add([File("w-1", "mp4", 0, 30, Now.AddMinutes(-20)).Vod]);
        await using var host = await StartAsync(vod, Schedule("00:00:01", lookBack: "01:00:00"));
        long firstFind = 0;
        await Eventually.TrueAsync(async () =>
        {
            firstFind = (await StatusAsync(host)).GetProperty("reconcilers")[0].GetProperty("recent").EnumerateArray()
                .Where(r => r.GetProperty("state").GetString() == "succeeded" && r.Files("recovered") == 1)
                .Select(r => r.GetProperty("id").GetInt64()).FirstOrDefault();
            return firstFind > 0;
        }, "the first scheduled run to find w-1");

        vod.Add([File("w-2", "mp4", 40, 60, DateTimeOffset.UtcNow).Vod]);

        List<JsonElement> runs = [];
        await Eventually.TrueAsync(async () =>
        {
            runs = (await StatusAsync(host)).GetProperty("reconcilers")[0].GetProperty("recent").EnumerateArray()
                .Where(r => r.GetProperty("state").GetString() == "succeeded").Reverse().ToList();
            // The status lists the last 20 runs, one a second here: the later find is told by its id, since under load the
            // first find may have left that list by then.
            return runs.Any(r => r.Files("recovered") == 1 && r.GetProperty("id").GetInt64() > firstFind);
        }, "a later scheduled run to find w-2");
        Assert.Equal(2, (await FilesOfAsync(host)).Count);
        for (var i = 1; i < runs.Count; i++)
        {
            var watermarkBefore = Time(runs[i - 1], "scannedTo");
            Assert.Equal(watermarkBefore.AddMinutes(-5), Time(runs[i], "from"));
        }
        var watermark = (await StatusAsync(host)).GetProperty("reconcilers")[0].GetProperty("watermark").GetDateTimeOffset();
        Assert.True(watermark >= Time(runs[^1], "scannedTo"));
    }

    [Fact]
    public async Task AScheduledRunThatStopsHalfwayLeavesTheWatermarkAtTheLastStepItFinished()
    {
        await using var vod = new SearchMediaStandIn(StandInSecret);
        vod.Add([File("h-1", "mp4", 0, 30, Now.AddMinutes(-170)).Vod, File("h-2", "mp4", 60, 90, Now.AddMinutes(-30)).Vod]);
        // The first step's call succeeds; every call after it is throttled until the run gives up.
        vod.Throttle(1000, after: 1);

        var settings = Schedule("01:00:00");
        settings["Tencent:Reconcile:MaxAttempts"] = "2";
        await using var host = await StartAsync(vod, settings);
        await Eventually.TrueAsync(async () => await host.ScalarAsync<long>(
            "SELECT count(*) FROM ingest.reconcile_runs WHERE outcome IS NOT NULL") > 0, "the scheduled run to end");

        var reconciler = (await StatusAsync(host)).GetProperty("reconcilers")[0];
        var run = reconciler.GetProperty("lastRun");
        Assert.Equal("throttled", run.GetProperty("state").GetString());
        Assert.Equal(Time(run, "from").AddHours(1), reconciler.GetProperty("watermark").GetDateTimeOffset());
        Assert.Equal(Time(run, "from").AddHours(1), Time(run, "scannedTo"));
        Assert.Equal(["h-1"], (await FilesOfAsync(host)).Select(f => f.FileId));
    }

    private static DateTimeOffset Time(JsonElement run, string name) => run.GetProperty(name).GetDateTimeOffset();
}
