using System.Text.Json.Nodes;

namespace Ingest.Demo;

/// <summary>
/// A realistic evening of Tencent callbacks for three anchors, as the cloud would send them: multi-format broadcasts
/// (mp4 cut every 30 minutes beside one HLS playlist per uninterrupted push), an interrupted push, a short recording,
/// push start/end notices and screenshots. Every file points at the local demo media so the console can play it.
/// </summary>
public static class DemoCallbacks
{
    public static List<JsonObject> For(DateTimeOffset now, string mediaBaseUrl)
    {
        var media = mediaBaseUrl.TrimEnd('/');
        var evening = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddHours(now.UtcDateTime.Hour).AddHours(-6);
        var callbacks = new List<JsonObject>();
        // alice: a 70-minute broadcast recorded as mp4 and hls, with a cover; and yesterday's show.
        Broadcast(callbacks, "alice", 1, evening, [(0, 70)], media, covers: ["cover-0.jpg"]);
        Broadcast(callbacks, "alice", 2, evening.AddDays(-1), [(0, 45)], media, covers: ["cover-1.jpg"]);
        // bob: the app went to the background twice, so HLS has three playlists and the program has gaps.
        Broadcast(callbacks, "bob", 1, evening.AddHours(1), [(0, 20), (22, 40), (43, 55)], media, covers: ["cover-2.jpg"]);
        // carol: a 40-second test stream (kept, marked short) and a regular show.
        Broadcast(callbacks, "carol", 1, evening.AddHours(2), [(0, 0.67)], media, covers: []);
        Broadcast(callbacks, "carol", 2, evening.AddHours(3), [(0, 35)], media, covers: ["cover-0.jpg"]);
        return callbacks;
    }

    /// <summary>One push session per (from, to) minutes pair; mp4 files cut every 30 minutes of a session, one HLS playlist per session.</summary>
    private static void Broadcast(List<JsonObject> into, string anchor, int show, DateTimeOffset start, (double From, double To)[] sessions,
        string media, string[] covers)
    {
        var streamId = $"1400012345_{anchor}";
        for (var s = 0; s < sessions.Length; s++)
        {
            var (from, to) = sessions[s];
            var begin = start.AddMinutes(from);
            var end = start.AddMinutes(to);
            var sequence = $"{anchor}-{show}-{s}";
            into.Add(Push(1, streamId, begin, sequence, 0));
            into.Add(Push(0, streamId, end, sequence, (long)(end - begin).TotalMilliseconds));
            into.Add(File(streamId, $"{anchor}-{show}-{s}-hls", "hls", begin, end, $"{media}/demo.m3u8"));
            for (var cut = begin; cut < end; cut = cut.AddMinutes(30))
            {
                var cutEnd = cut.AddMinutes(30) < end ? cut.AddMinutes(30) : end;
                into.Add(File(streamId, $"{anchor}-{show}-{s}-mp4-{cut:HHmm}", "mp4", cut, cutEnd, $"{media}/demo.mp4"));
            }
        }
        foreach (var cover in covers)
            into.Add(Screenshot(streamId, start.AddMinutes(Math.Min(5, sessions[0].To / 2)), $"{media}/{cover}"));
    }

    private static JsonObject Common(int eventType, string streamId) => new()
    {
        ["event_type"] = eventType,
        ["appid"] = 1400012345,
        ["app"] = "live.demo.example",
        ["appname"] = "live",
        ["stream_id"] = streamId,
        ["channel_id"] = streamId,
    };

    private static JsonObject File(string streamId, string fileId, string format, DateTimeOffset start, DateTimeOffset end, string url)
    {
        var o = Common(100, streamId);
        var seconds = (long)(end - start).TotalSeconds;
        o["file_id"] = fileId;
        o["record_file_id"] = fileId;
        o["file_format"] = format;
        o["task_id"] = $"task-{streamId}";
        o["start_time"] = start.ToUnixTimeSeconds();
        o["end_time"] = end.ToUnixTimeSeconds();
        o["start_time_usec"] = 0;
        o["end_time_usec"] = 0;
        o["duration"] = seconds;
        o["file_size"] = seconds * 250_000;
        o["stream_param"] = "txSecret=demo&txTime=0";
        o["video_url"] = url;
        o["media_start_time"] = 0;
        o["record_bps"] = 2_000_000;
        o["callback_ext"] = "{}";
        return o;
    }

    private static JsonObject Push(int eventType, string streamId, DateTimeOffset at, string sequence, long durationMs)
    {
        var o = Common(eventType, streamId);
        o["event_time"] = at.ToUnixTimeSeconds();
        o["sequence"] = sequence;
        o["push_duration"] = durationMs;
        o["errcode"] = 0;
        o["errmsg"] = eventType == 1 ? "push started" : "push ended";
        o["stream_param"] = "txSecret=demo&txTime=0";
        o["user_ip"] = "203.0.113.7";
        return o;
    }

    private static JsonObject Screenshot(string streamId, DateTimeOffset at, string url)
    {
        var o = Common(200, streamId);
        o["create_time"] = at.ToUnixTimeSeconds();
        o["pic_url"] = url;
        o["pic_full_url"] = url;
        o["width"] = 320;
        o["height"] = 180;
        return o;
    }
}
