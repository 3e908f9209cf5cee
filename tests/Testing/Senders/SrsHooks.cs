using System.Text;
using System.Text.Json;

namespace Testing.Senders;

/// <summary>SRS's <c>on_dvr</c> http hook as SRS 5 posts it, and the settings that point ingest at its record folder.</summary>
public static class SrsHooks
{
    public const string Token = "srs-test-token";
    public const string PreviousToken = "srs-previous-token";
    public const string RecordRoot = "/usr/local/srs/objs/nginx/html";
    public const string PublicUrlBase = "https://media.example/srs";

    public static Dictionary<string, string?> Settings => new()
    {
        ["Srs:Token"] = Token,
        ["Srs:PreviousToken"] = PreviousToken,
        ["Srs:RecordRoot"] = RecordRoot,
        ["Srs:PublicUrlBase"] = PublicUrlBase,
    };

    /// <summary>SRS 5's <c>on_dvr</c> body, as its http hooks document it: <c>client_id</c> a string, <c>file</c> relative to <c>cwd</c>.</summary>
    public static object OnDvr(long startSeconds, object? clientId = null, string? file = null, string stream = "bob") => new
    {
        server_id = "vid-0xk989d",
        service_id = "jf3l2a8r",
        action = "on_dvr",
        client_id = clientId ?? "341w361a",
        ip = "127.0.0.1",
        vhost = "__defaultVhost__",
        app = "live",
        tcUrl = "rtmp://127.0.0.1:1935/live",
        stream,
        param = "?secret=abc",
        cwd = "/usr/local/srs",
        file = file ?? $"./objs/nginx/html/live/{stream}.{startSeconds * 1000 + 776}.flv",
        stream_url = $"/live/{stream}",
        stream_id = "vid-019w39z",
    };

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, object body, string token = Token) =>
        client.PostAsync($"/callbacks/srs?token={token}", new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));
}
