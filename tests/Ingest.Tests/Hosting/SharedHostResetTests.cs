using System.Net;
using Contracts.Recordings;

namespace Ingest.Tests.Hosting;

/// <summary>
/// A reset leaves the shared host as a new one on a new database: nothing of the earlier test is in the log, and the
/// committer, which remembers the streams it served, checks a repeat against the log before answering it, so the
/// same callback is stored again.
/// </summary>
[Collection(DefaultHostCollection.Name)]
public sealed class SharedHostResetTests(IngestHostFixture fixture) : IngestTest(fixture)
{
    private static readonly string Stream = LiveStreamIds.For("tencent", "1_reset");

    private static string File(string fileId, long from) => IngestHost.Signed(TencentPayloads.Recording("1_reset", fileId, "mp4", from, from + 600));

    [Fact]
    public async Task AfterAResetTheSameCallbackIsStoredAgainAndAContinuationStartsANewProgram()
    {
        Assert.Equal(HttpStatusCode.OK, (await Host.PostAsync(File("f-1", 1_700_000_000))).StatusCode);
        Assert.Equal(2, (await Host.StreamAsync(Stream)).Count);

        await ResetAsync();
        Assert.Empty(await Host.StreamAsync(Stream));
        Assert.Equal(0L, await Host.ScalarAsync<long>("SELECT count(*) FROM eventlog.idempotency_keys"));

        Assert.Equal(HttpStatusCode.OK, (await Host.PostAsync(File("f-1", 1_700_000_000))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Host.PostAsync(File("f-2", 1_700_000_600))).StatusCode);
        var segments = (await Host.StreamAsync(Stream)).Select(e => e.Data).OfType<StreamSegmented>().ToList();
        Assert.Equal(["f-1", "f-2"], segments.Select(s => s.FileId));
        Assert.Equal([SegmentReason.ProgramStarted, SegmentReason.IntervalCut], segments.Select(s => s.Reason));
    }

    [Fact]
    public async Task AResetEmptiesIngestsOwnTablesAndFreesTheClock()
    {
        Clock.Now = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Host.PostAsync(IngestHost.Signed(TencentPayloads.Recording("1_reset", "f-x", "mp4", 1, 2), "wrong-key"))).StatusCode);
        Assert.Equal(1L, await Host.ScalarAsync<long>("SELECT count(*) FROM ingest.quarantine"));

        await ResetAsync();

        Assert.Equal(0L, await Host.ScalarAsync<long>("SELECT count(*) FROM ingest.quarantine"));
        Assert.True(Math.Abs((Clock.Now - DateTimeOffset.UtcNow).TotalMinutes) < 1);
    }
}
