namespace Ingest.Tests;

/// <summary>Tencent Cloud Live callback bodies (before signing), shaped like the documented ones.</summary>
public static class TencentPayloads
{
    /// <summary>The documented recording example's shape and oddity: its start_time is after its end_time.</summary>
    public static Dictionary<string, object?> PublicExample() => new()
    {
        ["appid"] = 12345678,
        ["app"] = "yourapp.com",
        ["appname"] = "live",
        ["stream_id"] = "8888_anchor42",
        ["channel_id"] = "8888_anchor42",
        ["file_id"] = "5285890783155326876",
        ["record_file_id"] = "5285890783155326876",
        ["file_format"] = "flv",
        ["task_id"] = "1800001234567890123",
        ["start_time"] = 1545047010,
        ["end_time"] = 1545046910,
        ["start_time_usec"] = 190180,
        ["end_time_usec"] = 392201,
        ["duration"] = 100,
        ["file_size"] = 1234356,
        ["stream_param"] = "txSecret=40f38f69f574fd51a5ba2a5e5a6bc59d&txTime=5C2E3C2A",
        ["video_url"] = "http://1234567890.vod2.myqcloud.com/fd4e4e4dvodcq1234567890/6d5ea9635285890783155326876/f0.flv",
        ["media_start_time"] = 14930,
        ["record_bps"] = 0,
        ["callback_ext"] = "{\"video_codec\":\"h264\",\"audio_codec\":\"aac\",\"resolution\":\"1920x1080\"}",
        ["video_id"] = "200025724_ac92b781a22c4a3e937c9e61c2624af7",
        ["record_temp_id"] = 1234,
        ["event_type"] = 100,
    };

    /// <summary>A recording file of a stream, its start as <c>end_time - duration</c>.</summary>
    public static Dictionary<string, object?> Recording(string streamId, string fileId, string format, long start, long end) => new()
    {
        ["event_type"] = 100,
        ["appid"] = 1,
        ["stream_id"] = streamId,
        ["channel_id"] = streamId,
        ["file_id"] = fileId,
        ["file_format"] = format,
        ["start_time"] = start,
        ["end_time"] = end,
        ["duration"] = end - start,
        ["file_size"] = 1000,
        ["video_url"] = $"http://vod.example/{fileId}.{format}",
    };

    public static Dictionary<string, object?> Push(int eventType, string streamId, long eventTime, string sequence) => new()
    {
        ["event_type"] = eventType,
        ["stream_id"] = streamId,
        ["event_time"] = eventTime,
        ["sequence"] = sequence,
        ["push_duration"] = eventType == 0 ? 61000 : null,
        ["errcode"] = 0,
        ["errmsg"] = "ok",
        ["user_ip"] = "10.0.0.1",
        ["some_new_field"] = "kept",
    };
}
