using System.Net;
using Contracts.Recordings;
using Ingest.LiveStreams;
using static Testing.Senders.MuxWebhooks;

namespace Ingest.Tests.Senders.Mux;

public class MuxCallbackTests(MuxCallbackTests.MuxHost fixture) : IngestTest(fixture), IClassFixture<MuxCallbackTests.MuxHost>
{
    /// <summary>The sender configured; each test starts at <c>Now</c>.</summary>
    public sealed class MuxHost() : IngestHostFixture(Settings, Now);

    private static readonly DateTimeOffset Start = new(2027, 1, 15, 18, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = Start.AddMinutes(30);
    private static readonly string Log = LiveStreamIds.For("mux", "LiVeStReAm01");

    private static string Signed(string body) => Header(body, Now.ToUnixTimeSeconds(), Secret);

    private static async Task<List<object>> LogAsync(IngestHost host) => (await host.StreamAsync(Log)).Select(e => e.Data).ToList();

    [Fact]
    public async Task ACompletedLiveStreamAssetIsOneProgramPlayedByItsPublicPlaybackIdWithItsSlateNoted()
    {
        var host = Host;
        var body = Completed("AsSeT01", "LiVeStReAm01", Start);

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(host.Client, body, Signed(body))).StatusCode);

        var log = await LogAsync(host);
        var file = Assert.Single(log.OfType<RecordingFileCreated>());
        Assert.Equal(("https://stream.mux.com/PuBlIcPlAyBaCk.m3u8", "hls", "erin", "AsSeT01", "AsSeT01"), (file.Url, file.Format, file.AnchorId, file.FileId, file.SessionId));
        Assert.Equal((Start, Start.AddSeconds(1500.5), 1500.5), (file.StartedAt, file.EndedAt, file.DurationSeconds));
        Assert.Contains("60 s of slate", file.TimesNote);
        var program = Assert.Single(log.Aggregate(LiveStream.Empty, (s, e) => s.Apply(e)).Programs.Values);
        Assert.Equal(ProgramIds.ForSession("mux", "LiVeStReAm01", "AsSeT01"), program.Id);
    }

    [Fact]
    public async Task DuplicatesAfterA2xxAndALateAssetReadyAppendTheRecordingOnce()
    {
        var host = Host;
        var completed = Completed("AsSeT02", "LiVeStReAm01", Start);
        var redelivered = Completed("AsSeT02", "LiVeStReAm01", Start, eventId: "b0e1c7f4-1111-4b33-8c1b-2f7b0a5e6d22");
        var ready = Completed("AsSeT02", "LiVeStReAm01", Start, eventId: "c0e1c7f4-2222-4b33-8c1b-2f7b0a5e6d33", type: "video.asset.ready");

        foreach (var body in new[] { completed, completed, redelivered, ready, ready })
            Assert.Equal(HttpStatusCode.OK, (await PostAsync(host.Client, body, Signed(body))).StatusCode);

        var log = await LogAsync(host);
        Assert.Single(log.OfType<RecordingFileCreated>());
        Assert.Single(log.OfType<RecordingStatusReported>());
    }

    public static TheoryData<string, HttpStatusCode, string?> Signatures => new()
    {
        { "current", HttpStatusCode.OK, null },
        { "previous", HttpStatusCode.OK, null },
        { "several-v1", HttpStatusCode.OK, null },
        { "wrong", HttpStatusCode.Unauthorized, "signature-invalid" },
        { "other-body", HttpStatusCode.Unauthorized, "signature-invalid" },
        { "expired", HttpStatusCode.Unauthorized, "signature-expired" },
        { "from-the-future", HttpStatusCode.Unauthorized, "signature-expired" },
        { "no-v1", HttpStatusCode.Unauthorized, "signature-missing" },
        { "none", HttpStatusCode.Unauthorized, "signature-missing" },
    };

    [Theory]
    [MemberData(nameof(Signatures))]
    public async Task TheSignatureMustMatchAConfiguredSecretWithinFiveMinutes(string signature, HttpStatusCode status, string? reason)
    {
        var host = Host;
        var body = Completed("AsSeT03", "LiVeStReAm01", Start);
        var t = Now.ToUnixTimeSeconds();
        var header = signature switch
        {
            "current" => Header(body, t, Secret),
            "previous" => Header(body, t, PreviousSecret),
            "several-v1" => Header(body, t, "an-unknown-new-secret", Secret),
            "wrong" => Header(body, t, "not-the-secret"),
            "other-body" => Header(Completed("AsSeT04", "LiVeStReAm01", Start), t, Secret),
            "expired" => Header(body, t - 301, Secret),
            "from-the-future" => Header(body, t + 400, Secret),
            "no-v1" => $"t={t}",
            _ => null,
        };

        var response = await PostAsync(host.Client, body, header);

        Assert.Equal(status, response.StatusCode);
        if (reason is null) return;
        Assert.Equal(reason, (await IngestHost.JsonAsync(response)).GetProperty("reason").GetString());
        Assert.Empty(await LogAsync(host));
    }

    [Fact]
    public async Task AnExpiredDeliveryIsQuarantinedWithItsSignatureAndReplaysOnlyWithTheOperatorsWaiver()
    {
        var host = Host;
        var body = Completed("AsSeT05", "LiVeStReAm01", Start);
        var refused = await PostAsync(host.Client, body, Header(body, Now.ToUnixTimeSeconds() - 3600, Secret));
        var id = (await IngestHost.JsonAsync(refused)).GetProperty("quarantineId").GetInt64();

        var again = await host.Client.SendAsync(host.Admin(HttpMethod.Post, $"/admin/quarantine/{id}/replay"));
        Assert.Equal("signature-expired", (await IngestHost.JsonAsync(again)).GetProperty("reason").GetString());
        var waived = await host.Client.SendAsync(host.Admin(HttpMethod.Post, $"/admin/quarantine/{id}/replay?acceptExpired=true"));
        Assert.Equal(HttpStatusCode.OK, waived.StatusCode);

        Assert.Single((await LogAsync(host)).OfType<RecordingFileCreated>());
    }
}
