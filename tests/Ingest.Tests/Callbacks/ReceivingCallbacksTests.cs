using System.Net;
using System.Text.Json;
using Contracts.Recordings;
using EventLog;

namespace Ingest.Tests.Callbacks;

[Collection(DefaultHostCollection.Name)]
public class ReceivingCallbacksTests(IngestHostFixture fixture) : IngestTest(fixture)
{
    private static string StreamOf(string streamId) => LiveStreamIds.For("tencent", streamId);

    [Fact]
    public async Task ThePublicExampleIsAcknowledgedWithItsTimesNormalisedAndFlagged()
    {
        var host = Host;

        var response = await host.PostAsync(IngestHost.Signed(TencentPayloads.PublicExample()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, (await IngestHost.JsonAsync(response)).GetProperty("code").GetInt32());
        var events = await host.StreamAsync(StreamOf("8888_anchor42"));
        var file = Assert.IsType<RecordingFileCreated>(events[0].Data);
        Assert.Equal(("anchor42", "flv", 1234356L), (file.AnchorId, file.Format, file.SizeBytes));
        Assert.True(file.TimesInconsistent);
        Assert.Equal(file.EndedAt.AddSeconds(-100), file.StartedAt);
        Assert.Equal("h264", file.Details.CallbackExt!.Value.GetProperty("video_codec").GetString());
        Assert.Equal(("12345678", "1234", "200025724_ac92b781a22c4a3e937c9e61c2624af7"), (file.Details.AppId, file.Details.RecordTempId, file.Details.VideoId));
        Assert.Equal(14930, file.Details.Extra!.Value.GetProperty("media_start_time").GetInt32());
        var segmented = Assert.IsType<StreamSegmented>(events[1].Data);
        Assert.Equal((SegmentReason.ProgramStarted, "5285890783155326876"), (segmented.Reason, segmented.FileId));
        Assert.Equal(2, events.Count);
        Assert.NotNull(events[0].Metadata.TraceParent);
    }

    [Fact]
    public async Task TwelveConcurrentRepeatsAreAllAcknowledgedAndAppendOnce()
    {
        var host = Host;
        var body = IngestHost.Signed(TencentPayloads.Recording("1_twelve", "f-12", "mp4", 1_700_000_000, 1_700_001_800));

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => host.PostAsync(body)));
        var retried = await host.PostAsync(IngestHost.Signed(TencentPayloads.Recording("1_twelve", "f-12", "mp4", 1_700_000_000, 1_700_001_800)));

        Assert.All(responses.Append(retried), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(["recording-file-created", "stream-segmented"], (await host.StreamAsync(StreamOf("1_twelve"))).Select(e => e.EventType));
        Assert.Equal(1L, await host.ScalarAsync<long>("SELECT count(*) FROM eventlog.idempotency_keys"));
    }

    [Fact]
    public async Task ARepeatArrivingAfterARestartIsRecognisedFromTheLogAndAppendsNothing()
    {
        var body = IngestHost.Signed(TencentPayloads.Recording("1_restart", "f-r", "mp4", 1_700_000_000, 1_700_000_600));
        string connectionString;
        // Hosts of its own: the point is a restart.
        await using (var first = await IngestHost.StartAsync())
        {
            Assert.Equal(HttpStatusCode.OK, (await first.PostAsync(body)).StatusCode);
            connectionString = first.ConnectionString;
        }

        await using var second = await IngestHost.StartAsync(connectionString);
        var repeat = await second.PostAsync(IngestHost.Signed(TencentPayloads.Recording("1_restart", "f-r", "mp4", 1_700_000_000, 1_700_000_600)));
        var next = await second.PostAsync(IngestHost.Signed(TencentPayloads.Recording("1_restart", "f-s", "mp4", 1_700_000_600, 1_700_001_200)));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (repeat.StatusCode, next.StatusCode));
        var segments = (await second.StreamAsync(StreamOf("1_restart"))).Select(e => e.Data).OfType<StreamSegmented>().ToList();
        Assert.Equal(["f-r", "f-s"], segments.Select(s => s.FileId));
        Assert.Equal((SegmentReason.IntervalCut, 1), (segments[1].Reason, segments[1].Index));
    }

    [Fact]
    public async Task PushScreenshotRecorderAndUnknownCallbacksBecomeEventsKeepingUnknownFields()
    {
        var host = Host;
        string[] bodies =
        [
            IngestHost.Signed(TencentPayloads.Push(1, "1_push", 1_700_000_000, "seq-1")),
            IngestHost.Signed(TencentPayloads.Push(0, "1_push", 1_700_000_061, "seq-1")),
            IngestHost.Signed(new { event_type = 200, stream_id = "1_push", pic_url = "/shot/1.jpg", create_time = 1_700_000_010, width = 640, height = 360 }),
            IngestHost.Signed(new { event_type = 332, stream_id = "1_push", record_event = "record_start_succeeded", event_time = 1_700_000_001 }),
            IngestHost.Signed(new { event_type = 341, stream_id = "1_push", errcode = 5, event_time = 1_700_000_002 }),
            IngestHost.Signed(new { event_type = 317, stream_id = "1_push", moderation = new { label = "ok" } }),
            IngestHost.Signed(new { event_type = 999, brand_new = true }),
        ];

        foreach (var body in bodies)
            Assert.Equal(HttpStatusCode.OK, (await host.PostAsync(body)).StatusCode);

        var events = (await host.StreamAsync(StreamOf("1_push"))).Select(e => e.Data).ToList();
        var started = Assert.IsType<StreamStarted>(events[0]);
        Assert.Equal(("seq-1", "push", "kept"), (started.Sequence, started.AnchorId, started.Extra!.Value.GetProperty("some_new_field").GetString()));
        var ended = Assert.IsType<StreamEnded>(events[1]);
        Assert.Equal((61000L, 0, "ok"), (ended.PushDurationMs, ended.ErrorCode, ended.ErrorMessage));
        Assert.Equal("/shot/1.jpg", Assert.IsType<ScreenshotTaken>(events[2]).PictureUrl);
        Assert.Equal("record_start_succeeded", Assert.IsType<RecordingStatusReported>(events[3]).Payload.GetProperty("record_event").GetString());
        Assert.IsType<RecordingErrorReported>(events[4]);
        Assert.Equal("317", Assert.IsType<UnrecognisedCallbackReceived>(events[5]).EventType);
        var orphan = Assert.IsType<UnrecognisedCallbackReceived>(Assert.Single(await host.StreamAsync("unrecognised:tencent")).Data);
        Assert.True(orphan.Payload.GetProperty("brand_new").GetBoolean());
        Assert.False(orphan.Payload.TryGetProperty("sign", out _));
    }

    [Theory]
    [InlineData("not json", "malformed-json")]
    [InlineData("[1,2]", "malformed-json")]
    [InlineData("""{"event_type":"100"}""", "invalid-field")]
    [InlineData("""{"event_type":100,"stream_id":"1_a","file_id":"x","file_format":"mp4","video_url":"u"}""", "invalid-field")]
    [InlineData("""{"event_type":100,"stream_id":7,"file_id":"x","file_format":"mp4","video_url":"u","end_time":10,"duration":5}""", "invalid-field")]
    public async Task MalformedOrMistypedCallbacksAreRefusedWith400ProblemDetails(string unsigned, string reason)
    {
        var host = Host;
        var body = unsigned.StartsWith('{') ? IngestHost.Signed(JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(unsigned)!) : unsigned;

        var response = await host.PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await IngestHost.JsonAsync(response);
        Assert.Equal(reason, problem.GetProperty("reason").GetString());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task ABodyOverTheLimitIsRefusedWith413()
    {
        var host = Host;
        var payload = TencentPayloads.Recording("1_big", "f-big", "mp4", 1_700_000_000, 1_700_000_100);
        payload["padding"] = new string('x', 5000);

        var response = await host.PostAsync(IngestHost.Signed(payload));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("body-too-large", (await IngestHost.JsonAsync(response)).GetProperty("reason").GetString());
        Assert.Empty(await host.StreamAsync(StreamOf("1_big")));
    }

    [Fact]
    public async Task WithoutACallbackKeyTencentIsOffAndAnswers404UnlessUnsignedCallbacksAreAllowed()
    {
        // Hosts of its own: Tencent unconfigured, then unsigned, are settings no other test wants.
        await using (var off = await IngestHost.StartAsync(settings: new() { ["Tencent:CallbackKey"] = "", ["Tencent:PreviousCallbackKey"] = "" }))
        {
            var refused = await off.PostAsync(IngestHost.Signed(TencentPayloads.Recording("1_off", "f-off", "mp4", 1_700_000_000, 1_700_000_100)));
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
            var problem = await IngestHost.JsonAsync(refused);
            Assert.Equal("sender-not-configured", problem.GetProperty("reason").GetString());
            Assert.Contains("Tencent:CallbackKey", problem.GetProperty("detail").GetString());
            Assert.True(problem.TryGetProperty("quarantineId", out _));
            Assert.Empty(await off.StreamAsync(StreamOf("1_off")));
        }

        await using var unsigned = await IngestHost.StartAsync(settings: new()
        {
            ["Tencent:CallbackKey"] = "", ["Tencent:PreviousCallbackKey"] = "", ["Tencent:AllowUnsignedCallbacks"] = "true",
        });
        var body = JsonSerializer.Serialize(TencentPayloads.Recording("1_unsigned", "f-u", "mp4", 1_700_000_000, 1_700_000_100));
        Assert.Equal(HttpStatusCode.OK, (await unsigned.PostAsync(body)).StatusCode);
    }
}
