using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace SystemTests.Harness;

/// <summary>Tencent Cloud Live callbacks as the cloud sends them: JSON, signed with <c>sign = MD5(key + t)</c>.</summary>
public static class TencentCallbacks
{
    public static string Sign(string key, long t) =>
        Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(key + t)));

    /// <summary>A recording-file-created (event_type 100) callback for an MP4 file of <paramref name="anchorId"/>'s stream.</summary>
    public static (string Json, string Sign) RecordingFile(string key, string anchorId, DateTimeOffset start, int durationSeconds, DateTimeOffset now)
    {
        var t = now.AddMinutes(10).ToUnixTimeSeconds();
        var sign = Sign(key, t);
        var streamId = $"1400_{anchorId}";
        var end = start.AddSeconds(durationSeconds);
        var fileId = $"5285890{start.ToUnixTimeSeconds()}";
        var body = new Dictionary<string, object?>
        {
            ["event_type"] = 100,
            ["appid"] = 1_250_000_000,
            ["app"] = "live.example.com",
            ["appname"] = "live",
            ["stream_id"] = streamId,
            ["channel_id"] = streamId,
            ["file_id"] = fileId,
            ["record_file_id"] = fileId,
            ["file_format"] = "mp4",
            ["task_id"] = "task-1",
            ["start_time"] = start.ToUnixTimeSeconds(),
            ["end_time"] = end.ToUnixTimeSeconds(),
            ["start_time_usec"] = 0,
            ["end_time_usec"] = 0,
            ["duration"] = durationSeconds,
            ["file_size"] = 12_345_678,
            ["stream_param"] = "txSecret=abc&txTime=5C2E1F80",
            ["video_url"] = $"https://vod.example.com/{streamId}/{fileId}.mp4",
            ["record_temp_id"] = 1,
            ["callback_ext"] = "{\"video_id\":\"v1\"}",
            ["sign"] = sign,
            ["t"] = t,
        };
        return (JsonSerializer.Serialize(body), sign);
    }
}
