using System.Security.Cryptography;
using System.Text;

namespace Testing.Hostile;

/// <summary>A Tencent callback body as raw JSON members, so a test can write what no serializer would (1e400, "\ud800", duplicate keys).</summary>
public sealed class TencentBody
{
    private readonly List<(string Name, string RawValue)> _members = [];

    public TencentBody Set(string name, string rawValue)
    {
        var i = _members.FindIndex(m => m.Name == name);
        if (i >= 0) _members[i] = (name, rawValue);
        else _members.Add((name, rawValue));
        return this;
    }

    public TencentBody Remove(string name)
    {
        _members.RemoveAll(m => m.Name == name);
        return this;
    }

    public IEnumerable<string> Names => _members.Select(m => m.Name);

    public TencentBody Copy()
    {
        var copy = new TencentBody();
        copy._members.AddRange(_members);
        return copy;
    }

    /// <summary>Adds <c>t</c> (expiry, Unix seconds) and <c>sign = MD5(key + t)</c> unless the body sets them itself.</summary>
    public TencentBody Signed(string key, DateTimeOffset now)
    {
        var t = now.AddMinutes(10).ToUnixTimeSeconds();
        if (!Names.Contains("t")) Set("t", t.ToString());
        if (!Names.Contains("sign")) Set("sign", Json(Sign(key, t.ToString())));
        return this;
    }

    /// <summary>The JSON text; <paramref name="rawMembers"/> are written verbatim after the others (a duplicate key, a bad name).</summary>
    public string Text(params string[] rawMembers) =>
        "{" + string.Join(",", _members.Select(m => $"{Json(m.Name)}:{m.RawValue}").Concat(rawMembers)) + "}";

    public static string Sign(string key, string t) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(key + t)));

    /// <summary>A JSON string literal; characters outside printable ASCII are escaped, so lone surrogates survive as escapes.</summary>
    public static string Json(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in text)
        {
            if (c is '"' or '\\') builder.Append('\\').Append(c);
            else if (c < 0x20 || c > 0x7E) builder.Append($"\\u{(int)c:x4}");
            else builder.Append(c);
        }
        return builder.Append('"').ToString();
    }

    /// <summary>A recording (event 100) of one file: stream <c>1400_{anchor}</c>, its start as end_time - duration.</summary>
    public static TencentBody Recording(string anchor, string fileId, long start, int seconds) => new TencentBody()
        .Set("event_type", "100").Set("appid", "1250000000").Set("app", Json("live.example.com")).Set("appname", Json("live"))
        .Set("stream_id", Json($"1400_{anchor}")).Set("channel_id", Json($"1400_{anchor}")).Set("file_id", Json(fileId))
        .Set("record_file_id", Json(fileId)).Set("file_format", Json("mp4")).Set("task_id", Json("task-1"))
        .Set("start_time", start.ToString()).Set("end_time", (start + seconds).ToString()).Set("start_time_usec", "0")
        .Set("end_time_usec", "0").Set("duration", seconds.ToString()).Set("file_size", "12345678")
        .Set("stream_param", Json("txSecret=abc&txTime=5C2E1F80")).Set("video_url", Json($"https://vod.example.com/{fileId}.mp4"))
        .Set("media_start_time", "0").Set("record_bps", "0").Set("callback_ext", Json("{\"video_codec\":\"h264\"}"))
        .Set("video_id", Json("vid-1")).Set("record_temp_id", "1");

    /// <summary>A push started (1) or cut off (0) callback.</summary>
    public static TencentBody Push(int eventType, string anchor, long at, string sequence) => new TencentBody()
        .Set("event_type", eventType.ToString()).Set("stream_id", Json($"1400_{anchor}")).Set("event_time", at.ToString())
        .Set("sequence", Json(sequence)).Set("push_duration", eventType == 0 ? "61000" : "0").Set("errcode", "0")
        .Set("errmsg", Json("ok")).Set("stream_param", Json("a=b")).Set("user_ip", Json("10.0.0.1"));

    public static TencentBody Screenshot(string anchor, long at, string picture) => new TencentBody()
        .Set("event_type", "200").Set("stream_id", Json($"1400_{anchor}")).Set("create_time", at.ToString())
        .Set("pic_url", Json(picture)).Set("pic_full_url", Json("https://img.example.com" + picture)).Set("width", "640").Set("height", "360");

    /// <summary>A recorder status (332), recorder error (341) or an event type nobody models yet.</summary>
    public static TencentBody Other(int eventType, string anchor, long at) => new TencentBody()
        .Set("event_type", eventType.ToString()).Set("stream_id", Json($"1400_{anchor}")).Set("event_time", at.ToString())
        .Set("record_event", Json("record_start_succeeded")).Set("errcode", "0");
}
