using System.Globalization;
using System.Text.Json;
using Contracts.Recordings;
using Ingest.Callbacks;
using Ingest.LiveStreams;
using Ingest.Tencent;

namespace Ingest.Senders.Mux;

/// <summary>
/// Reads the asset of <c>video.asset.live_stream_completed</c> into one HLS file: the asset is the recording session,
/// its <c>live_stream_id</c> the stream, a public playback ID the URL. <c>recording_times</c> says when it was recorded;
/// its <c>slate</c> entries are the gaps Mux filled while the encoder was away.
/// </summary>
public sealed class MuxAsset(AnchorIds anchors, string playbackUrlBase)
{
    public const string Provider = "mux";

    public SenderParse Completed(JsonElement asset, DateTimeOffset receivedAt)
    {
        var f = new JsonFields(asset);
        var assetId = f.RequiredString("id");
        var streamId = f.RequiredString("live_stream_id");
        var duration = f.Number("duration");
        var playback = PlaybackId(asset);
        if (playback is null) f.Errors.Add("'playback_ids' has no playback ID to play the asset with");
        var times = RecordingTimes(asset, f).ToList();
        var created = f.Integer("created_at");
        if (times.Count == 0 && (created is null || duration is null))
            f.Errors.Add("'recording_times', or 'created_at' and 'duration', are required to place the asset in time");
        if (f.Refusal is { } invalid) return SenderParse.Refused(invalid);

        var start = times.Count > 0 ? times.Min(t => t.Start) : DateTimeOffset.FromUnixTimeSeconds(created!.Value);
        var end = times.Count > 0 ? times.Max(t => t.Start.AddSeconds(t.Seconds)) : start.AddSeconds(duration!.Value);
        var slate = times.Where(t => t.Type == "slate").ToList();
        var note = slate.Count > 0
            ? $"{slate.Sum(s => s.Seconds):0.###} s of slate (the encoder was away) at {string.Join(", ", slate.Select(s => s.Start.ToString("O", CultureInfo.InvariantCulture)))}"
            : null;
        var anchor = anchors.For(f.Text("passthrough") is { Length: > 0 } passthrough ? passthrough : streamId);
        var file = new RecordingFileCreated(streamId, anchor, Provider, assetId, "hls", $"{playbackUrlBase.TrimEnd('/')}/{playback}.m3u8", 0,
            start, end, duration ?? (end - start).TotalSeconds, false, note,
            new RecordingDetails(null, null, null, null, null, null, null, null, null, asset.Clone()), assetId);
        return SenderParse.Of(new LiveStreamCallback(Provider, streamId, LiveStreamIds.For(Provider, streamId), $"{Provider}:file:{assetId}", file, receivedAt));
    }

    /// <summary>A public playback ID when there is one, else the first (a signed one needs a token to play).</summary>
    private static string? PlaybackId(JsonElement asset)
    {
        if (!asset.TryGetProperty("playback_ids", out var ids) || ids.ValueKind != JsonValueKind.Array) return null;
        var all = ids.EnumerateArray().Where(p => p.ValueKind == JsonValueKind.Object && p.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String).ToList();
        var chosen = all.FirstOrDefault(p => p.TryGetProperty("policy", out var policy) && policy.ValueKind == JsonValueKind.String && policy.GetString() == "public");
        return (chosen.ValueKind == JsonValueKind.Object ? chosen : all.FirstOrDefault()) is { ValueKind: JsonValueKind.Object } p ? p.GetProperty("id").GetString() : null;
    }

    private static IEnumerable<(string Type, DateTimeOffset Start, double Seconds)> RecordingTimes(JsonElement asset, JsonFields f)
    {
        if (!asset.TryGetProperty("recording_times", out var list) || list.ValueKind != JsonValueKind.Array) yield break;
        foreach (var entry in list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object))
        {
            var e = new JsonFields(entry);
            var started = e.Text("started_at");
            var seconds = e.Number("duration");
            // Documented as ISO 8601; a Unix time in seconds is read too.
            DateTimeOffset? start = DateTimeOffset.TryParse(started, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var iso) ? iso
                : long.TryParse(started, NumberStyles.None, CultureInfo.InvariantCulture, out var unix) ? DateTimeOffset.FromUnixTimeSeconds(unix) : null;
            if (start is null || seconds is null or < 0)
            {
                f.Errors.Add("each 'recording_times' entry needs 'started_at' (a time) and 'duration' (seconds)");
                yield break;
            }
            yield return (e.Text("type") ?? "content", start.Value, seconds.Value);
        }
    }
}
