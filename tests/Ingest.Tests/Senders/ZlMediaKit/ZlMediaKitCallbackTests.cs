using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Contracts.Recordings;
using Ingest.LiveStreams;
using Ingest.Tests.LiveStreams;
using static Testing.Senders.ZlMediaKitHooks;

namespace Ingest.Tests.Senders.ZlMediaKit;

public class ZlMediaKitCallbackTests(ZlMediaKitCallbackTests.ZlMediaKitHost fixture) : IngestTest(fixture), IClassFixture<ZlMediaKitCallbackTests.ZlMediaKitHost>
{
    /// <summary>The sender configured.</summary>
    public sealed class ZlMediaKitHost() : IngestHostFixture(Settings);

    private const long T = 1_800_000_000;
    private static readonly string Log = LiveStreamIds.For("zlmediakit", "live/carol");

    [Fact]
    public async Task ARecordedMp4KeepsItsTimesSizeAndPublicUrlAndIsAnsweredCodeZero()
    {
        var host = Host;

        var response = await PostAsync(host.Client, OnRecordMp4(T, 59.5));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetInt32());
        var file = Assert.Single((await host.StreamAsync(Log)).Select(e => e.Data).OfType<RecordingFileCreated>());
        Assert.Equal(($"https://media.example/zlm/__defaultVhost__/record/live/carol/2027-01-15/{T}.mp4", "carol", "mp4", 1913597L),
            (file.Url, file.AnchorId, file.Format, file.SizeBytes));
        Assert.Equal((DateTimeOffset.FromUnixTimeSeconds(T), DateTimeOffset.FromUnixTimeSeconds(T).AddSeconds(59.5), 59.5),
            (file.StartedAt, file.EndedAt, file.DurationSeconds));
        Assert.Equal("token=abc", file.Details.StreamParam);
    }

    [Fact]
    public async Task ARetryWithANewHookIndexIsTheSameFile()
    {
        var host = Host;

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(host.Client, OnRecordMp4(T, 60, hookIndex: 12))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(host.Client, OnRecordMp4(T, 60, hookIndex: 13))).StatusCode);

        Assert.Single((await host.StreamAsync(Log)).Select(e => e.Data).OfType<RecordingFileCreated>());
    }

    [Fact]
    public async Task FilesArrivingOutOfOrderFormOneProgramInTimeOrder()
    {
        var host = Host;

        foreach (var start in new[] { T + 120, T, T + 60 })
            Assert.Equal(HttpStatusCode.OK, (await PostAsync(host.Client, OnRecordMp4(start, 60))).StatusCode);

        var log = (await host.StreamAsync(Log)).Select(e => e.Data).ToList();
        var program = Assert.Single(log.Aggregate(LiveStream.Empty, (s, e) => s.Apply(e)).Programs.Values);
        Assert.Equal([T, T + 60, T + 120], program.Rendition("mp4").Select(f => f.StartedAt.ToUnixTimeSeconds()));
    }

    [Theory]
    [InlineData(Token, HttpStatusCode.OK)]
    [InlineData(PreviousToken, HttpStatusCode.OK)]
    [InlineData("zlm-wrong", HttpStatusCode.Unauthorized)]
    public async Task TheTokenMustBeTheCurrentOrThePreviousOne(string token, HttpStatusCode status)
    {
        var host = Host;
        Assert.Equal(status, (await PostAsync(host.Client, OnRecordMp4(T, 60), token)).StatusCode);
    }

    [Fact]
    public async Task AFileWithoutItsLengthIsRefusedAndQuarantinedThenReplaysAfterTheCheckItPassed()
    {
        var host = Host;
        var body = JsonSerializer.SerializeToNode(OnRecordMp4(T, 60))!.AsObject();
        body["time_len"] = "sixty";

        var response = await PostAsync(host.Client, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var id = (await IngestHost.JsonAsync(response)).GetProperty("quarantineId").GetInt64();
        // The token was right: the replay needs no waiver, and fails again on the same field.
        var replay = await host.Client.SendAsync(host.Admin(HttpMethod.Post, $"/admin/quarantine/{id}/replay"));
        Assert.Equal("invalid-field", (await IngestHost.JsonAsync(replay)).GetProperty("reason").GetString());
    }
}
