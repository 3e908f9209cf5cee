using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Contracts.Recordings;
using Ingest.Callbacks.Checking;
using Ingest.LiveStreams;
using Ingest.Tencent;

namespace Ingest.Reconciling.Tencent;

/// <summary>
/// Turns a SearchMedia <c>MediaInfo</c> into the recording callback (event 100) Tencent would have sent for that file,
/// read by the same parser, so the fact, its log stream and its idempotency key (<c>tencent:100:&lt;file_id&gt;</c>)
/// are the callback's own. The fact says it was found by reconciliation and keeps the <c>MediaInfo</c> as its extra.
/// </summary>
public sealed class MediaInfoCallbacks(TencentCallbackParser parser)
{
    public const string FoundBy = "reconciliation";

    public (LiveStreamCallback? Callback, string? Unreadable) ToCallback(JsonElement mediaInfo, DateTimeOffset receivedAt)
    {
        var fileId = Text(mediaInfo, "FileId");
        var basic = Child(mediaInfo, "BasicInfo");
        var meta = Child(mediaInfo, "MetaData");
        var live = Child(Child(basic, "SourceInfo"), "LiveRecordInfo");
        var url = Text(basic, "MediaUrl");
        var end = Time(live, "RecordEndTime") ?? Time(basic, "CreateTime");
        var body = new JsonObject
        {
            ["event_type"] = 100,
            ["stream_id"] = Text(live, "StreamId"),
            ["file_id"] = fileId,
            ["file_format"] = Format(Text(basic, "Type"), url),
            ["video_url"] = url,
            ["start_time"] = Time(live, "RecordStartTime")?.ToUnixTimeSeconds(),
            ["end_time"] = end?.ToUnixTimeSeconds(),
            ["duration"] = Number(meta, "Duration"),
            ["file_size"] = Number(meta, "Size") is { } size ? (long)size : null,
        };
        var (callback, refusal) = parser.Parse(JsonSerializer.SerializeToElement(body), receivedAt);
        if (refusal is not null) return (null, $"{fileId ?? "a file without FileId"}: {refusal.Detail}");
        var file = (RecordingFileCreated)callback!.Fact;
        var found = callback with { Fact = file with { FoundBy = FoundBy, Details = file.Details with { Extra = mediaInfo.Clone() } } };
        // The same last check a callback gets, on what is submitted (the MediaInfo kept as extra included): a value the
        // database cannot store is unreadable here, not a failed commit that would end the run and hold the watermark.
        if (StorableFacts.Check(found) is { } unstorable) return (null, $"{fileId}: {unstorable.Detail}");
        return (found, null);
    }

    /// <summary>VOD names an HLS recording's container <c>m3u8</c>; the callback calls it <c>hls</c>, and renditions go by the callback's name.</summary>
    private static string? Format(string? type, string? url)
    {
        var format = (type ?? (Uri.TryCreate(url, UriKind.Absolute, out var uri) ? Path.GetExtension(uri.AbsolutePath).TrimStart('.') : null))
            ?.ToLowerInvariant();
        return format == "m3u8" ? "hls" : format;
    }

    private static JsonElement Child(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var child) && child.ValueKind == JsonValueKind.Object ? child : default;

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static double? Number(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            ? value.GetDouble()
            : null;

    /// <summary>VOD's times are ISO 8601 with an offset (<c>2026-11-21T08:00:00Z</c>, <c>...+08:00</c>).</summary>
    private static DateTimeOffset? Time(JsonElement element, string name) =>
        Text(element, name) is { } text
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : null;
}
