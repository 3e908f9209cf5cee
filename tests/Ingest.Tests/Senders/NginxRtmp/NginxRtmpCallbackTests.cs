using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Contracts.Recordings;
using Ingest.LiveStreams;
using Ingest.Tests.LiveStreams;
using static Ingest.Tests.Senders.NginxRtmp.NginxRtmpForms;

namespace Ingest.Tests.Senders.NginxRtmp;

public class NginxRtmpCallbackTests(NginxRtmpCallbackTests.NginxRtmpHost fixture) : IngestTest(fixture), IClassFixture<NginxRtmpCallbackTests.NginxRtmpHost>
{
    /// <summary>The sender configured; each test sets the clock, by which chunks are dated.</summary>
    public sealed class NginxRtmpHost() : IngestHostFixture(Settings);

    private const long T = 1_800_000_000;
    private static readonly string Log = LiveStreamIds.For("nginx-rtmp", "live/alice");

    private static DateTimeOffset At(long unixSeconds) => DateTimeOffset.FromUnixTimeSeconds(unixSeconds);

    private static async Task PostAtAsync(IngestHost host, TestClock clock, long arrival, long suffix, HttpStatusCode expected = HttpStatusCode.OK)
    {
        clock.Now = At(arrival);
        var response = await PostAsync(host, RecordDone("alice", suffix));
        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task TheChunksOfOnePushBecomeOneProgramInOrderWithPublicUrlsAndTimesFromTheFileNames()
    {
        var (host, clock) = (Host, Clock);
        clock.Now = At(T);

        await PostAtAsync(host, clock, T + 5, T);
        await PostAtAsync(host, clock, T + 10, T + 5);
        await PostAtAsync(host, clock, T + 13, T + 10);

        var log = (await host.StreamAsync(Log)).Select(e => e.Data).ToList();
        var files = log.OfType<RecordingFileCreated>().ToList();
        Assert.Equal([$"{PublicUrlBase}/alice-{T}.flv", $"{PublicUrlBase}/alice-{T + 5}.flv", $"{PublicUrlBase}/alice-{T + 10}.flv"], files.Select(f => f.Url));
        Assert.Equal([(At(T), At(T + 5)), (At(T + 5), At(T + 10)), (At(T + 10), At(T + 13))], files.Select(f => (f.StartedAt, f.EndedAt)));
        Assert.All(files, f => Assert.Equal(("alice", "nginx-rtmp", "flv", false, "live", "k=v"), (f.AnchorId, f.Provider, f.Format, f.TimesInconsistent, f.Details.App, f.Details.StreamParam)));
        Assert.Equal("127.0.0.1", files[0].Details.Extra!.Value.GetProperty("addr").GetString());
        var segments = log.OfType<StreamSegmented>().ToList();
        Assert.Single(segments.Select(s => s.ProgramId).Distinct());
        Assert.Equal([0, 1, 2], segments.Select(s => s.Index));
        Assert.Equal([SegmentReason.ProgramStarted, SegmentReason.IntervalCut, SegmentReason.IntervalCut], segments.Select(s => s.Reason));
    }

    [Fact]
    public async Task ARepeatedCallbackAppendsNothingAndALateChunkIsPlacedInOrder()
    {
        var (host, clock) = (Host, Clock);
        clock.Now = At(T);

        await PostAtAsync(host, clock, T + 10, T + 5);
        await PostAtAsync(host, clock, T + 10, T + 5);
        await PostAtAsync(host, clock, T + 5, T);

        var log = (await host.StreamAsync(Log)).Select(e => e.Data).ToList();
        Assert.Equal(2, log.OfType<RecordingFileCreated>().Count());
        var late = log.OfType<StreamSegmented>().Last();
        Assert.Equal((0, SegmentReason.ArrivedLate), (late.Index, late.Reason));
        var program = Assert.Single(log.Aggregate(LiveStream.Empty, (state, e) => state.Apply(e)).Programs.Values);
        Assert.Equal([$"alice-{T}.flv", $"alice-{T + 5}.flv"], program.Rendition("flv").Select(f => f.FileId));
    }

    [Fact]
    public async Task ThePushesOfOneAnchorSplitIntoProgramsAtTheGap()
    {
        var (host, clock) = (Host, Clock);
        clock.Now = At(T);

        await PostAtAsync(host, clock, T + 60, T);
        await PostAtAsync(host, clock, T + 120, T + 70);
        await PostAtAsync(host, clock, T + 1000, T + 900);

        var segments = (await host.StreamAsync(Log)).Select(e => e.Data).OfType<StreamSegmented>().ToList();
        Assert.Equal(SegmentReason.PushInterrupted, segments[1].Reason);
        Assert.Equal(segments[0].ProgramId, segments[1].ProgramId);
        Assert.NotEqual(segments[0].ProgramId, segments[2].ProgramId);
    }

    [Theory]
    [InlineData(Token, HttpStatusCode.OK, null)]
    [InlineData(PreviousToken, HttpStatusCode.OK, null)]
    [InlineData("nginx-test-tokeN", HttpStatusCode.Unauthorized, "signature-invalid")]
    [InlineData("", HttpStatusCode.Unauthorized, "signature-missing")]
    [InlineData(null, HttpStatusCode.Unauthorized, "signature-missing")]
    public async Task TheTokenMustBeTheCurrentOrThePreviousOne(string? token, HttpStatusCode status, string? reason)
    {
        var (host, clock) = (Host, Clock);
        clock.Now = At(T + 5);

        var response = await PostAsync(host, RecordDone("alice", T), token);

        Assert.Equal(status, response.StatusCode);
        if (reason is null) return;
        Assert.Equal(reason, (await IngestHost.JsonAsync(response)).GetProperty("reason").GetString());
        Assert.Empty(await host.StreamAsync(Log));
    }

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("/var/rec/../secret/alice-1800000000.flv")]
    [InlineData("/var/recordings/alice-1800000000.flv")]
    public async Task AFileOutsideTheRecordRootIsRefusedNeverShownAsADiskPath(string path)
    {
        var (host, clock) = (Host, Clock);
        clock.Now = At(T + 5);

        var response = await PostAsync(host, RecordDone("alice", T, path));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid-field", (await IngestHost.JsonAsync(response)).GetProperty("reason").GetString());
        Assert.Empty(await host.StreamAsync(Log));
    }

    [Fact]
    public async Task AFileNameWithoutTheUniqueTimeIsDatedByItsArrivalAndFlagged()
    {
        var (host, clock) = (Host, Clock);
        clock.Now = At(T + 5);

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(host, RecordDone("alice", T, $"{RecordRoot}/alice.flv"))).StatusCode);

        var file = Assert.Single((await host.StreamAsync(Log)).Select(e => e.Data).OfType<RecordingFileCreated>());
        Assert.Equal((At(T + 5), At(T + 5), true), (file.StartedAt, file.EndedAt, file.TimesInconsistent));
        Assert.Contains("record_unique", file.TimesNote);
    }

    [Fact]
    public async Task ARefusedCallbackIsQuarantinedWithoutItsTokenAndReplaysAsItArrived()
    {
        var (host, clock) = (Host, Clock);
        clock.Now = At(T + 5);
        var refused = await PostAsync(host, RecordDone("alice", T), "stolen-guess");
        var id = (await IngestHost.JsonAsync(refused)).GetProperty("quarantineId").GetInt64();

        var stored = await (await host.Client.SendAsync(host.Admin(HttpMethod.Get, $"/admin/quarantine/{id}"))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("nginx-rtmp", stored.GetProperty("provider").GetString());
        Assert.DoesNotContain("stolen-guess", stored.GetRawText());

        clock.Now = At(T + 3600);
        var unvouched = await host.Client.SendAsync(host.Admin(HttpMethod.Post, $"/admin/quarantine/{id}/replay"));
        Assert.Equal(HttpStatusCode.Conflict, unvouched.StatusCode);
        Assert.Equal("signature-missing", (await IngestHost.JsonAsync(unvouched)).GetProperty("reason").GetString());
        var vouched = await host.Client.SendAsync(host.Admin(HttpMethod.Post, $"/admin/quarantine/{id}/replay?skipSignature=true"));
        Assert.Equal(HttpStatusCode.OK, vouched.StatusCode);

        var file = Assert.Single((await host.StreamAsync(Log)).Select(e => e.Data).OfType<RecordingFileCreated>());
        Assert.Equal((At(T), At(T + 5)), (file.StartedAt, file.EndedAt));
    }
}
