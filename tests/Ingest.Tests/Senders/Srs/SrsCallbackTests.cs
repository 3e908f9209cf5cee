using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Contracts.Recordings;
using Ingest.LiveStreams;
using Ingest.Tests.LiveStreams;
using static Testing.Senders.SrsHooks;

namespace Ingest.Tests.Senders.Srs;

public class SrsCallbackTests(SrsCallbackTests.SrsHost fixture) : IngestTest(fixture), IClassFixture<SrsCallbackTests.SrsHost>
{
    /// <summary>The sender configured; each test starts 30 s after the first file began, unless it sets the clock.</summary>
    public sealed class SrsHost() : IngestHostFixture(Settings, At(T + 30));

    private const long T = 1_800_000_000;
    private static readonly string Log = LiveStreamIds.For("srs", "live/bob");

    private static DateTimeOffset At(long unixSeconds) => DateTimeOffset.FromUnixTimeSeconds(unixSeconds);

    [Fact]
    public async Task ADvrFileRelativeToTheServersDirectoryGetsItsPublicUrlAndItsTimesFromTheNameAndTheArrival()
    {
        var host = Host;

        var response = await PostAsync(host.Client, OnDvr(T));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetInt32());
        var file = Assert.Single((await host.StreamAsync(Log)).Select(e => e.Data).OfType<RecordingFileCreated>());
        Assert.Equal(($"https://media.example/srs/live/bob.{T * 1000 + 776}.flv", $"live/bob.{T * 1000 + 776}.flv", "bob", "flv"),
            (file.Url, file.FileId, file.AnchorId, file.Format));
        Assert.Equal((DateTimeOffset.FromUnixTimeMilliseconds(T * 1000 + 776), At(T + 30), false), (file.StartedAt, file.EndedAt, file.TimesInconsistent));
        Assert.Equal(("live", "secret=abc", "341w361a"), (file.Details.App, file.Details.StreamParam, file.Details.Extra!.Value.GetProperty("client_id").GetString()));
    }

    [Fact]
    public async Task AnOldSrsWithANumericClientIdIsReadTooAndARepeatAppendsNothing()
    {
        var host = Host;

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(host.Client, OnDvr(T, clientId: 1985))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(host.Client, OnDvr(T, clientId: 1985))).StatusCode);

        var file = Assert.Single((await host.StreamAsync(Log)).Select(e => e.Data).OfType<RecordingFileCreated>());
        Assert.Equal(1985, file.Details.Extra!.Value.GetProperty("client_id").GetInt32());
    }

    [Fact]
    public async Task SegmentsArrivingOutOfOrderFormOneProgramInTimeOrder()
    {
        var (host, clock) = (Host, Clock);
        clock.Now = At(T);

        clock.Now = At(T + 60);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(host.Client, OnDvr(T + 30))).StatusCode);
        clock.Now = At(T + 31);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(host.Client, OnDvr(T))).StatusCode);

        var log = (await host.StreamAsync(Log)).Select(e => e.Data).ToList();
        var program = Assert.Single(log.Aggregate(LiveStream.Empty, (s, e) => s.Apply(e)).Programs.Values);
        Assert.Equal([$"live/bob.{T * 1000 + 776}.flv", $"live/bob.{(T + 30) * 1000 + 776}.flv"], program.Rendition("flv").Select(f => f.FileId));
    }

    [Theory]
    [InlineData(Token, HttpStatusCode.OK)]
    [InlineData(PreviousToken, HttpStatusCode.OK)]
    [InlineData("srs-test-tokem", HttpStatusCode.Unauthorized)]
    [InlineData("", HttpStatusCode.Unauthorized)]
    public async Task TheTokenMustBeTheCurrentOrThePreviousOne(string token, HttpStatusCode status)
    {
        var host = Host;
        Assert.Equal(status, (await PostAsync(host.Client, OnDvr(T), token)).StatusCode);
    }

    [Theory]
    [InlineData("./objs/nginx/html/../../../../etc/passwd")]
    [InlineData("/tmp/live/bob.1800000000776.flv")]
    public async Task AFileOutsideTheRecordRootIsRefused(string file)
    {
        var host = Host;
        var response = await PostAsync(host.Client, OnDvr(T, file: file));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await host.StreamAsync(Log));
    }
}
