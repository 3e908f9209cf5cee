using System.Diagnostics.Metrics;
using System.Net;
using Contracts.Recordings;
using Testing.Tencent;
using static Ingest.Tests.LiveStreams.Given;
using static Ingest.Tests.Reconciling.Reconciliation;

namespace Ingest.Tests.Reconciling;

public class ReconcilingTests(ReconcilingHost fixture) : IngestTest(fixture), IClassFixture<ReconcilingHost>
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private SearchMediaStandIn Vod => ((ReconcilingHost)Fixture).Vod;

    /// <summary>Two broadcasts of one anchor (MP4 cut every 30 minutes and one HLS playlist, then a later MP4) and another anchor's file.</summary>
    private static List<(VodRecording Vod, Ingest.LiveStreams.LiveStreamCallback Callback)> Recordings()
    {
        var created = Now.AddHours(-2);
        return
        [
            File("mp4-1", "mp4", 0, 30, created),
            File("mp4-2", "mp4", 30, 60, created.AddMinutes(30)),
            File("hls-1", "hls", 0, 60, created.AddMinutes(30)),
            File("mp4-3", "mp4", 80, 100, created.AddMinutes(70)),
            File("bob-1", "mp4", 10, 40, created.AddMinutes(10), stream: "1400_bob"),
        ];
    }

    [Fact]
    public async Task FilesWhoseCallbacksWereLostAreAppendedOnceAndFormTheProgramsCallbacksWouldHaveFormed()
    {
        var (vod, host) = (Vod, Host);
        var recordings = Recordings();
        vod.Add(recordings.Select(r => r.Vod));
        foreach (var delivered in recordings.Where(r => r.Vod.FileId is "mp4-1" or "hls-1"))
            Assert.Equal(HttpStatusCode.OK, (await host.PostAsync(SignedBody(delivered.Callback))).StatusCode);

        var run = await RunAsync(host, Now.AddHours(-3), Now);

        Assert.Equal("succeeded", run.GetProperty("state").GetString());
        Assert.Equal((5, 3, 2), (run.Files("found"), run.Files("recovered"), run.Files("duplicates")));
        var files = await FilesOfAsync(host);
        Assert.Equal(["mp4-1", "hls-1", "mp4-2", "mp4-3"], files.Select(f => f.FileId));
        Assert.Equal([null, null, "reconciliation", "reconciliation"], files.Select(f => f.FoundBy));
        var (expected, _) = Fold(recordings.Where(r => r.Vod.StreamId == StreamName).Select(r => r.Callback));
        Assert.Equal(Describe(expected), Describe(await StateOfAsync(host)));
        Assert.Equal(2, expected.Programs.Count);
        Assert.Equal(["bob-1"], (await FilesOfAsync(host, "1400_bob")).Select(f => f.FileId));
        Assert.NotEmpty(vod.Calls);
        Assert.All(vod.Calls, c => Assert.Null(c.ErrorCode));
    }

    [Fact]
    public async Task EveryRecoveredRecordingIsCountedForOperatorsToAlertOn()
    {
        var (vod, host) = (Vod, Host);
        vod.Add(Recordings().Select(r => r.Vod));
        long recovered = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "ingest.reconcile.recovered") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
                if (tag is { Key: "provider", Value: "tencent" }) Interlocked.Add(ref recovered, value);
        });
        listener.Start();

        await RunAsync(host, Now.AddHours(-3), Now);

        // The counter is process-wide and other tests recover files beside this one: at least this run's five.
        Assert.True(Interlocked.Read(ref recovered) >= 5, $"counted {recovered}");
    }

    [Fact]
    public async Task ARecoveredFileKeepsWhatVodSaidOfIt()
    {
        var (vod, host) = (Vod, Host);
        var (recording, _) = File("hls-9", "hls", 0, 45, Now.AddHours(-1));
        vod.Add([recording with { SizeBytes = 987_654 }]);

        await RunAsync(host, Now.AddHours(-2), Now);

        var file = Assert.Single(await FilesOfAsync(host));
        Assert.Equal(("hls", 987_654L, recording.Url, "anchor"), (file.Format, file.SizeBytes, file.Url, file.AnchorId));
        Assert.Equal((recording.RecordStart, recording.RecordEnd, false), (file.StartedAt, file.EndedAt, file.TimesInconsistent));
        Assert.Equal("hls-9", file.Details.Extra!.Value.GetProperty("FileId").GetString());
        Assert.Equal("m3u8", file.Details.Extra.Value.GetProperty("BasicInfo").GetProperty("Type").GetString());
    }

    [Fact]
    public async Task AFileVodDescribesWithAValueTheDatabaseCannotStoreIsUnreadableAndTheRunGoesOn()
    {
        var (vod, host) = (Vod, Host);
        var (good, _) = File("good-1", "mp4", 0, 30, Now.AddHours(-1));
        var (bad, _) = File("bad-1", "mp4", 40, 60, Now.AddHours(-1), stream: "1400_a\u0000b");
        vod.Add([good, bad]);

        var run = await RunAsync(host, Now.AddHours(-2), Now);

        Assert.Equal("succeeded", run.GetProperty("state").GetString());
        Assert.Equal((1, 1), (run.Files("found"), run.Files("recovered")));
        // Unreadable files are counted per listing, and steps share their boundary second.
        Assert.True(run.Files("unreadable") >= 1, $"unreadable: {run.Files("unreadable")}");
        Assert.Equal(["good-1"], (await FilesOfAsync(host)).Select(f => f.FileId));
    }

    [Fact]
    public async Task ACallbackArrivingAfterReconciliationIsADuplicate()
    {
        var (vod, host) = (Vod, Host);
        var (recording, callback) = File("late-1", "mp4", 0, 30, Now.AddHours(-1));
        vod.Add([recording]);
        Assert.Equal(1, (await RunAsync(host, Now.AddHours(-2), Now)).Files("recovered"));

        var response = await host.PostAsync(SignedBody(callback));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["recording-file-created", "stream-segmented"], (await host.StreamAsync(LiveStreamIds.For("tencent", StreamName))).Select(e => e.EventType));
        Assert.Equal(1L, await host.ScalarAsync<long>("SELECT count(*) FROM eventlog.idempotency_keys WHERE key = 'tencent:100:late-1'"));
    }

    [Fact]
    public async Task RunningTheSameWindowAgainFindsEverythingKnown()
    {
        var (vod, host) = (Vod, Host);
        vod.Add(Recordings().Select(r => r.Vod));
        Assert.Equal(5, (await RunAsync(host, Now.AddHours(-3), Now)).Files("recovered"));

        var again = await RunAsync(host, Now.AddHours(-3), Now);

        Assert.Equal((5, 0, 5), (again.Files("found"), again.Files("recovered"), again.Files("duplicates")));
        Assert.Equal(5L, await host.ScalarAsync<long>("SELECT count(*) FROM eventlog.events WHERE event_type = 'recording-file-created'"));
    }

    [Fact]
    public async Task MoreThanFiveThousandRecordingsInOneWindowAreAllFound()
    {
        var (vod, host) = (Vod, Host);
        var from = Now.AddHours(-2);
        vod.Add(Enumerable.Range(0, 6200).Select(i =>
            File($"many-{i}", "mp4", 0, 30, from.AddSeconds(i / 2), stream: $"1400_many{i}").Vod));

        var run = await RunAsync(host, from, from.AddHours(1));

        Assert.Equal(("succeeded", 6200, 6200), (run.GetProperty("state").GetString(), run.Files("found"), run.Files("recovered")));
        Assert.Equal(6200L, await host.ScalarAsync<long>("SELECT count(*) FROM eventlog.events WHERE event_type = 'recording-file-created'"));
        Assert.All(vod.Calls, c => Assert.True(c.Offset + c.Limit <= 5000, $"Offset {c.Offset} + Limit {c.Limit}"));
        Assert.All(vod.Calls, c => Assert.Null(c.ErrorCode));
    }
}
