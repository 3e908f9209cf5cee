using System.Text.Json;
using Contracts.Recordings;
using Ingest.Callbacks;
using Ingest.LiveStreams;
using Ingest.Tencent;

namespace Ingest.Senders.LiveKit;

/// <summary>
/// Reads an <c>egressInfo</c> (protojson: lowerCamel names, 64-bit integers as strings, times in Unix nanoseconds) into
/// the facts of one egress. Its <c>egressId</c> is the recording session, so all its files make one program.
/// </summary>
public sealed class LiveKitEgress(AnchorIds anchors)
{
    public const string Provider = "livekit";

    private static readonly HashSet<string> Failed = ["EGRESS_FAILED", "EGRESS_ABORTED"];

    public SenderParse Ended(JsonElement info, DateTimeOffset receivedAt)
    {
        var f = new JsonFields(info);
        var egressId = f.RequiredString("egressId");
        var room = f.RequiredString("roomName");
        if (f.Refusal is { } invalid) return SenderParse.Refused(invalid);
        var anchor = anchors.For(room);
        var endedAt = Time(f.Integer("endedAt")) ?? Time(f.Integer("updatedAt")) ?? receivedAt;
        if (Failed.Contains(f.Text("status") ?? ""))
            return SenderParse.Of(Callback(room, $"{Provider}:egress_ended:{egressId}",
                new RecordingErrorReported(room, anchor, Provider, endedAt, info.Clone()), receivedAt));

        var egress = (Start: Time(f.Integer("startedAt")), End: Time(f.Integer("endedAt")));
        var outputs = Outputs(info).ToList();
        var callbacks = new List<LiveStreamCallback>();
        foreach (var (output, format, nameField, urlField) in outputs)
        {
            var o = new JsonFields(output);
            var name = o.RequiredString(nameField);
            var url = o.RequiredString(urlField);
            var duration = o.Integer("duration") is { } ns ? ns / 1e9 : (double?)null;
            var end = Time(o.Integer("endedAt")) ?? egress.End;
            var start = Time(o.Integer("startedAt")) ?? egress.Start ?? (end is { } e && duration is { } d ? e.AddSeconds(-d) : null);
            if (start is null || end is null) o.Errors.Add("the output's 'startedAt' and 'endedAt' (or the egress's) are required to place it in time");
            if (o.Refusal is { } badOutput) return SenderParse.Refused(badOutput);
            var note = duration is { } length && Math.Abs((end!.Value - start!.Value).TotalSeconds - length) > 2
                ? $"endedAt - startedAt is {(end.Value - start.Value).TotalSeconds:0.###} s but duration is {length:0.###} s"
                : null;
            var fileId = $"{egressId}/{name}";
            var file = new RecordingFileCreated(room, anchor, Provider, fileId, format(name), url, o.Integer("size") ?? 0,
                start!.Value, end!.Value, duration ?? (end.Value - start.Value).TotalSeconds, note is not null, note,
                new RecordingDetails(null, null, null, null, null, egressId, null, null, null, output.Clone()), egressId);
            callbacks.Add(Callback(room, $"{Provider}:file:{fileId}", file, receivedAt));
        }
        return callbacks.Count > 0
            ? new SenderParse(callbacks, null)
            : SenderParse.Of(Callback(room, $"{Provider}:egress_ended:{egressId}",
                new RecordingStatusReported(room, anchor, Provider, endedAt, info.Clone()), receivedAt));
    }

    public SenderParse Updated(JsonElement info, string key, DateTimeOffset receivedAt)
    {
        var f = new JsonFields(info);
        var room = f.RequiredString("roomName");
        if (f.Refusal is { } invalid) return SenderParse.Refused(invalid);
        var at = Time(f.Integer("updatedAt")) ?? Time(f.Integer("startedAt")) ?? receivedAt;
        return SenderParse.Of(Callback(room, key, new RecordingStatusReported(room, anchors.For(room), Provider, at, info.Clone()), receivedAt));
    }

    /// <summary>File outputs (<c>fileResults</c>, or the deprecated <c>file</c> when that list is empty) and HLS playlists.</summary>
    private static IEnumerable<(JsonElement Output, Func<string, string> Format, string Name, string Url)> Outputs(JsonElement info)
    {
        var files = Array(info, "fileResults").ToList();
        if (files.Count == 0 && info.TryGetProperty("file", out var legacy) && legacy.ValueKind == JsonValueKind.Object) files.Add(legacy);
        foreach (var file in files) yield return (file, FormatOfName, "filename", "location");
        foreach (var playlist in Array(info, "segmentResults")) yield return (playlist, _ => "hls", "playlistName", "playlistLocation");
    }

    private static IEnumerable<JsonElement> Array(JsonElement info, string name) =>
        info.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object)
            : [];

    private static string FormatOfName(string name) =>
        Path.GetExtension(name).TrimStart('.').ToLowerInvariant() is { Length: > 0 } ext ? ext : "mp4";

    private static DateTimeOffset? Time(long? unixNanoseconds) =>
        unixNanoseconds is { } ns and > 0 ? DateTimeOffset.UnixEpoch.AddTicks(ns / 100) : null;

    private static LiveStreamCallback Callback(string room, string key, object fact, DateTimeOffset receivedAt) =>
        new(Provider, room, LiveStreamIds.For(Provider, room), key, fact, receivedAt);
}
