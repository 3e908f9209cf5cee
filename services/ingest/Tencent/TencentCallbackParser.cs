using System.Security.Cryptography;
using System.Text.Json;
using Contracts.Recordings;
using Ingest.Callbacks;
using Ingest.Callbacks.Checking;
using Ingest.LiveStreams;

namespace Ingest.Tencent;

/// <summary>Turns a Tencent Cloud Live callback into the fact it reports, with its log stream and idempotency key.</summary>
public sealed class TencentCallbackParser(AnchorIds anchors, IngestOptions options)
{
    public const string Provider = "tencent";

    private static readonly HashSet<string> RecordingFields =
    [
        "event_type", "appid", "app", "appname", "stream_id", "file_id", "record_file_id", "record_temp_id", "file_format",
        "task_id", "start_time", "end_time", "duration", "file_size", "stream_param", "video_url", "video_id", "callback_ext",
    ];
    private static readonly HashSet<string> PushFields =
        ["event_type", "stream_id", "event_time", "sequence", "push_duration", "errcode", "errmsg", "stream_param", "user_ip"];
    private static readonly HashSet<string> ScreenshotFields =
        ["event_type", "stream_id", "create_time", "pic_url", "pic_full_url", "width", "height"];

    /// <summary>The callback's fact, or a refusal naming the field. <paramref name="root"/> is an object checked by <see cref="JsonBody"/>.</summary>
    public (LiveStreamCallback? Callback, Refusal? Refusal) Parse(JsonElement root, DateTimeOffset receivedAt)
    {
        var fields = new JsonFields(root);
        var eventType = fields.RequiredInteger("event_type");
        if (fields.Refusal is { } invalid) return (null, invalid);

        var callback = eventType switch
        {
            100 => Recording(fields, receivedAt),
            1 => PushStarted(fields, receivedAt),
            0 => PushEnded(fields, receivedAt),
            200 => Screenshot(fields, receivedAt),
            332 or 341 => RecorderReport(root, fields, eventType, receivedAt),
            _ => Unrecognised(root, fields, eventType, receivedAt),
        };
        return fields.Refusal is { } refused ? (null, refused) : (callback, null);
    }

    private LiveStreamCallback? Recording(JsonFields f, DateTimeOffset receivedAt)
    {
        var streamId = f.RequiredString("stream_id");
        var fileId = f.RequiredString("file_id");
        var format = f.RequiredString("file_format").ToLowerInvariant();
        var url = f.RequiredString("video_url", CallbackLimits.TextLength);
        var endTime = f.RequiredUnixTime("end_time");
        var startTime = f.UnixTime("start_time");
        var duration = f.Number("duration");
        if (startTime is null && duration is null) f.Errors.Add("'duration' or 'start_time' is required to place the file in time");
        var startUsec = f.Integer("start_time_usec");
        var endUsec = f.Integer("end_time_usec");
        var size = f.Integer("file_size", min: 0) ?? 0;
        var details = new RecordingDetails(f.Text("appid", CallbackLimits.IdLength), f.Text("app"), f.Text("appname"), f.Text("stream_param"),
            f.Text("record_temp_id", CallbackLimits.IdLength), f.Text("task_id", CallbackLimits.IdLength), f.Text("video_id", CallbackLimits.IdLength),
            f.Text("record_file_id", CallbackLimits.IdLength), f.EmbeddedJson("callback_ext"), f.Rest(RecordingFields));
        // Times out of range were refused above; normalising the placeholders they left would only add noise.
        if (f.Errors.Count > 0) return null;
        var times = RecordingTimes.Normalise(startTime, endTime, duration, startUsec, endUsec, options.MaxPlausibleDuration);
        var fact = new RecordingFileCreated(streamId, anchors.For(streamId), Provider, fileId, format, url, size,
            times.StartedAt, times.EndedAt, times.DurationSeconds, times.Note is not null, times.Note, details);
        return Callback(streamId, $"{Provider}:100:{fileId}", fact, receivedAt);
    }

    private LiveStreamCallback PushStarted(JsonFields f, DateTimeOffset receivedAt)
    {
        var streamId = f.RequiredString("stream_id");
        var at = Time(f.UnixTime("event_time"), receivedAt);
        var sequence = f.Text("sequence", CallbackLimits.IdLength);
        var fact = new StreamStarted(streamId, anchors.For(streamId), Provider, at, sequence, f.Text("stream_param"), f.Text("user_ip"),
            Int(f.Integer("errcode", int.MinValue, int.MaxValue)), f.Text("errmsg"), f.Rest(PushFields));
        return Callback(streamId, $"{Provider}:1:{streamId}:{sequence ?? at.ToUnixTimeSeconds().ToString()}", fact, receivedAt);
    }

    private LiveStreamCallback PushEnded(JsonFields f, DateTimeOffset receivedAt)
    {
        var streamId = f.RequiredString("stream_id");
        var at = Time(f.UnixTime("event_time"), receivedAt);
        var sequence = f.Text("sequence", CallbackLimits.IdLength);
        var fact = new StreamEnded(streamId, anchors.For(streamId), Provider, at, sequence, f.Integer("push_duration", min: 0),
            Int(f.Integer("errcode", int.MinValue, int.MaxValue)), f.Text("errmsg"), f.Rest(PushFields));
        return Callback(streamId, $"{Provider}:0:{streamId}:{sequence ?? at.ToUnixTimeSeconds().ToString()}", fact, receivedAt);
    }

    private LiveStreamCallback Screenshot(JsonFields f, DateTimeOffset receivedAt)
    {
        var streamId = f.RequiredString("stream_id");
        var picture = f.RequiredString("pic_url", CallbackLimits.TextLength);
        var fact = new ScreenshotTaken(streamId, anchors.For(streamId), Provider, picture, f.Text("pic_full_url"),
            Int(f.Integer("width", 0, int.MaxValue)), Int(f.Integer("height", 0, int.MaxValue)), Time(f.UnixTime("create_time"), receivedAt),
            f.Rest(ScreenshotFields));
        // The key is a primary key: a picture URL too long for it is identified by its hash instead.
        var key = $"{Provider}:200:{streamId}:{picture}";
        if (System.Text.Encoding.UTF8.GetByteCount(key) > CallbackLimits.KeyBytes)
            key = $"{Provider}:200:{streamId}:sha256:{Hash(picture)}";
        return Callback(streamId, key, fact, receivedAt);
    }

    private LiveStreamCallback RecorderReport(JsonElement root, JsonFields f, long eventType, DateTimeOffset receivedAt)
    {
        var streamId = f.RequiredString("stream_id");
        var at = Time(f.UnixTime("event_time"), receivedAt);
        var payload = WithoutSignature(root);
        object fact = eventType == 332
            ? new RecordingStatusReported(streamId, anchors.For(streamId), Provider, at, payload)
            : new RecordingErrorReported(streamId, anchors.For(streamId), Provider, at, payload);
        return Callback(streamId, $"{Provider}:{eventType}:{ContentHash(payload)}", fact, receivedAt);
    }

    private static LiveStreamCallback Unrecognised(JsonElement root, JsonFields f, long eventType, DateTimeOffset receivedAt)
    {
        var streamId = f.Text("stream_id", CallbackLimits.IdLength);
        var payload = WithoutSignature(root);
        var fact = new UnrecognisedCallbackReceived(streamId, Provider, eventType.ToString(), receivedAt, payload);
        var key = $"{Provider}:{eventType}:{ContentHash(payload)}";
        // Callbacks without a stream share one log stream of their own, outside the live streams.
        return streamId is null
            ? new LiveStreamCallback(Provider, "", $"unrecognised:{Provider}", key, fact, receivedAt)
            : new LiveStreamCallback(Provider, streamId, LiveStreamIds.For(Provider, streamId), key, fact, receivedAt);
    }

    private static LiveStreamCallback Callback(string streamId, string key, object fact, DateTimeOffset receivedAt) =>
        new(Provider, streamId, LiveStreamIds.For(Provider, streamId), key, fact, receivedAt);

    private static JsonElement WithoutSignature(JsonElement root) => new JsonFields(root).Rest(NoFields) ?? root.Clone();

    private static readonly HashSet<string> NoFields = [];

    /// <summary>A callback's identity when it has no id of its own: its content without <c>sign</c> and <c>t</c>.</summary>
    private static string ContentHash(JsonElement payload) => Hash(payload.GetRawText());

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..32];

    private static DateTimeOffset Time(long? unixSeconds, DateTimeOffset fallback) =>
        unixSeconds is { } s ? DateTimeOffset.FromUnixTimeSeconds(s) : fallback;

    private static int? Int(long? value) => value is { } v and >= int.MinValue and <= int.MaxValue ? (int)v : null;
}
