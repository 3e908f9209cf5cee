using System.Net;
using Contracts.Recordings;
using Ingest.LiveStreams;
using static Testing.Senders.LiveKitWebhooks;

namespace Ingest.Tests.Senders.LiveKit;

public class LiveKitCallbackTests(LiveKitCallbackTests.LiveKitHost fixture) : IngestTest(fixture), IClassFixture<LiveKitCallbackTests.LiveKitHost>
{
    /// <summary>The sender configured; each test starts just after the egress ended.</summary>
    public sealed class LiveKitHost() : IngestHostFixture(Settings, End.AddSeconds(2));

    private static readonly DateTimeOffset Start = new(2027, 1, 15, 18, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset End = Start.AddMinutes(42);
    private static readonly string Log = LiveStreamIds.For("livekit", "dave_room");

    private static async Task<List<object>> LogAsync(IngestHost host) => (await host.StreamAsync(Log)).Select(e => e.Data).ToList();

    [Fact]
    public async Task AnEndedEgressBecomesOneProgramOfItsSessionWithARenditionPerOutput()
    {
        var host = Host;
        var body = EgressEnded("EG_one", "dave_room", Start, End);

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(host.Client, body, Token(body, End))).StatusCode);

        var log = await LogAsync(host);
        var files = log.OfType<RecordingFileCreated>().OrderBy(f => f.Format).ToList();
        Assert.Equal(["hls", "mp4"], files.Select(f => f.Format));
        Assert.Equal(["https://bucket.s3.amazonaws.com/dave_room/EG_one.m3u8", "https://bucket.s3.amazonaws.com/dave_room/EG_one.mp4"], files.Select(f => f.Url));
        Assert.All(files, f => Assert.Equal((Start, End, "room", "EG_one", 2520.0), (f.StartedAt, f.EndedAt, f.AnchorId, f.SessionId, f.DurationSeconds)));
        var program = Assert.Single(log.Aggregate(LiveStream.Empty, (s, e) => s.Apply(e)).Programs.Values);
        Assert.Equal(ProgramIds.ForSession("livekit", "dave_room", "EG_one"), program.Id);
    }

    [Fact]
    public async Task TheDeprecatedFileIsReadWhenFileResultsIsEmpty()
    {
        var host = Host;
        var body = EgressEnded("EG_legacy", "dave_room", Start, End, legacyFile: true, hls: false);

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(host.Client, body, Token(body, End))).StatusCode);

        var file = Assert.Single((await LogAsync(host)).OfType<RecordingFileCreated>());
        Assert.Equal(("EG_legacy/dave_room/EG_legacy.mp4", "mp4", 4821301L), (file.FileId, file.Format, file.SizeBytes));
    }

    [Theory]
    [InlineData("EGRESS_FAILED")]
    [InlineData("EGRESS_ABORTED")]
    public async Task AFailedOrAbortedEgressIsKeptAsAnErrorNeverAProgram(string status)
    {
        var host = Host;
        var body = EgressEnded("EG_bad", "dave_room", Start, End, status);

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(host.Client, body, Token(body, End))).StatusCode);

        var log = await LogAsync(host);
        var error = Assert.Single(log.OfType<RecordingErrorReported>());
        Assert.Equal(status, error.Payload.GetProperty("status").GetString());
        Assert.Empty(log.OfType<RecordingFileCreated>());
        Assert.Empty(log.OfType<StreamSegmented>());
    }

    [Fact]
    public async Task ARedeliveryAppendsNothingAndTwoEgressesCloseInTimeAreTwoPrograms()
    {
        var host = Host;
        var first = EgressEnded("EG_a", "dave_room", Start, End);
        var second = EgressEnded("EG_b", "dave_room", End.AddSeconds(10), End.AddMinutes(5), eventId: "EV_other");

        foreach (var body in new[] { second, first, first })
            Assert.Equal(HttpStatusCode.OK, (await PostAsync(host.Client, body, Token(body, End))).StatusCode);

        var log = await LogAsync(host);
        Assert.Equal(4, log.OfType<RecordingFileCreated>().Count());
        var programs = log.Aggregate(LiveStream.Empty, (s, e) => s.Apply(e)).Programs.Values;
        Assert.Equal(["EG_a", "EG_b"], programs.Select(p => p.SessionId).Order());
    }

    public static TheoryData<string, HttpStatusCode, string?> Tokens => new()
    {
        { "current", HttpStatusCode.OK, null },
        { "previous", HttpStatusCode.OK, null },
        { "wrong-secret", HttpStatusCode.Unauthorized, "signature-invalid" },
        { "unknown-key", HttpStatusCode.Unauthorized, "signature-invalid" },
        { "other-body", HttpStatusCode.Unauthorized, "signature-invalid" },
        { "expired", HttpStatusCode.Unauthorized, "signature-expired" },
        { "bearer", HttpStatusCode.OK, null },
        { "none", HttpStatusCode.Unauthorized, "signature-missing" },
        { "garbage", HttpStatusCode.Unauthorized, "signature-invalid" },
    };

    [Theory]
    [MemberData(nameof(Tokens))]
    public async Task TheTokenMustBeSignedByAConfiguredKeyForThisBodyAndStillValid(string token, HttpStatusCode status, string? reason)
    {
        var host = Host;
        var body = EgressEnded("EG_auth", "dave_room", Start, End);
        var authorization = token switch
        {
            "current" => Token(body, End),
            "previous" => Token(body, End, PreviousApiKey, PreviousApiSecret),
            "wrong-secret" => Token(body, End, ApiKey, "not-the-secret"),
            "unknown-key" => Token(body, End, "APIstranger", ApiSecret),
            "other-body" => Token(EgressEnded("EG_other", "dave_room", Start, End), End),
            "expired" => Token(body, End.AddMinutes(-10), validFor: TimeSpan.FromMinutes(1)),
            "bearer" => "Bearer " + Token(body, End),
            "garbage" => "not.a.jwt",
            _ => null,
        };

        var response = await PostAsync(host.Client, body, authorization);

        Assert.Equal(status, response.StatusCode);
        if (reason is null) return;
        Assert.Equal(reason, (await IngestHost.JsonAsync(response)).GetProperty("reason").GetString());
        Assert.Empty(await LogAsync(host));
    }
}
