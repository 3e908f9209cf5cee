using System.Net;
using Contracts.Recordings;
using Ingest.LiveStreams;
using static Testing.Senders.IvsEvents;

namespace Ingest.Tests.Senders.Ivs;

public class IvsCallbackTests(IvsCallbackTests.IvsHost fixture) : IngestTest(fixture), IClassFixture<IvsCallbackTests.IvsHost>
{
    /// <summary>The sender configured.</summary>
    public sealed class IvsHost() : IngestHostFixture(Settings);

    private static readonly DateTimeOffset Start = new(2027, 1, 15, 18, 0, 0, TimeSpan.Zero);
    private static readonly string Log = LiveStreamIds.For("ivs", Channel);

    private static async Task<List<object>> LogAsync(IngestHost host) => (await host.StreamAsync(Log)).Select(e => e.Data).ToList();

    [Fact]
    public async Task RecordingEndIsOneHlsProgramOfItsSessionAcrossItsStreamIds()
    {
        var host = Host;

        var end = Event("Recording End", "sess-1", Start.AddMinutes(30), 1_800_000, ["st-first", "st-after-reconnect"]);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(host.Client, end)).StatusCode);

        var log = await LogAsync(host);
        var file = Assert.Single(log.OfType<RecordingFileCreated>());
        Assert.Equal(($"https://d1abc.cloudfront.net/ivs/v1/123456789012/{Channel}/2027/1/15/18/0/sess-1/media/hls/master.m3u8", "hls", "frank", "sess-1"),
            (file.Url, file.Format, file.AnchorId, file.SessionId));
        Assert.Equal((Start, Start.AddMinutes(30), 1800.0), (file.StartedAt, file.EndedAt, file.DurationSeconds));
        Assert.Equal(ProgramIds.ForSession("ivs", Channel, "sess-1"), Assert.Single(log.Aggregate(LiveStream.Empty, (s, e) => s.Apply(e)).Programs.Values).Id);
    }

    [Fact]
    public async Task EventsThatComeTwiceOrEndBeforeStartGiveTheSameFactsOnce()
    {
        var host = Host;
        var end = Event("Recording End", "sess-2", Start.AddMinutes(10), 600_000);
        var start = Event("Recording Start", "sess-2", Start);

        foreach (var body in new[] { end, end, start, Event("Recording Start", "sess-2", Start) })
            Assert.Equal(HttpStatusCode.OK, (await PostAsync(host.Client, body)).StatusCode);

        var log = await LogAsync(host);
        Assert.Single(log.OfType<RecordingFileCreated>());
        Assert.Single(log.OfType<RecordingStatusReported>());
    }

    [Fact]
    public async Task TwoSessionsCloseInTimeAreTwoProgramsAndAFailureIsAnErrorNotAProgram()
    {
        var host = Host;

        foreach (var body in new[]
                 {
                     Event("Recording End", "sess-b", Start.AddMinutes(25), 600_000),
                     Event("Recording End", "sess-a", Start.AddMinutes(14), 840_000),
                     Event("Recording Start Failure", "sess-c", Start.AddMinutes(30)),
                 })
            Assert.Equal(HttpStatusCode.OK, (await PostAsync(host.Client, body)).StatusCode);

        var log = await LogAsync(host);
        Assert.Equal(["sess-a", "sess-b"], log.Aggregate(LiveStream.Empty, (s, e) => s.Apply(e)).Programs.Values.Select(p => p.SessionId).Order());
        Assert.Single(log.OfType<RecordingErrorReported>());
    }

    [Theory]
    [InlineData(ApiKey, "X-Ivs-Key", HttpStatusCode.OK, null)]
    [InlineData(PreviousApiKey, "X-Ivs-Key", HttpStatusCode.OK, null)]
    [InlineData("ivs-test-api-keY", "X-Ivs-Key", HttpStatusCode.Unauthorized, "signature-invalid")]
    [InlineData(ApiKey, "x-api-key", HttpStatusCode.Unauthorized, "signature-missing")]
    [InlineData(null, "X-Ivs-Key", HttpStatusCode.Unauthorized, "signature-missing")]
    public async Task TheApiKeyMustComeInTheConfiguredHeader(string? key, string header, HttpStatusCode status, string? reason)
    {
        var host = Host;

        var response = await PostAsync(host.Client, Event("Recording End", "sess-k", Start.AddMinutes(5), 300_000), key, header);

        Assert.Equal(status, response.StatusCode);
        if (reason is null) return;
        var problem = await IngestHost.JsonAsync(response);
        Assert.Equal(reason, problem.GetProperty("reason").GetString());
        var stored = await (await host.Client.SendAsync(host.Admin(HttpMethod.Get, $"/admin/quarantine/{problem.GetProperty("quarantineId").GetInt64()}"))).Content.ReadAsStringAsync();
        Assert.DoesNotContain("ivs-test-api-keY", stored);
    }
}
