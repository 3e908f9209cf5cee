namespace Ingest.Tests.Senders.NginxRtmp;

/// <summary>What nginx-rtmp's <c>on_record_done</c> posts (seen from nginx 1.22 with libnginx-mod-rtmp), for a stream of app <c>live</c>.</summary>
public static class NginxRtmpForms
{
    public const string Token = "nginx-test-token";
    public const string PreviousToken = "nginx-previous-token";
    public const string RecordRoot = "/var/rec";
    public const string PublicUrlBase = "https://media.example/rec";

    public static Dictionary<string, string?> Settings => new()
    {
        ["NginxRtmp:Token"] = Token,
        ["NginxRtmp:PreviousToken"] = PreviousToken,
        ["NginxRtmp:RecordRoot"] = RecordRoot,
        ["NginxRtmp:PublicUrlBase"] = PublicUrlBase,
    };

    public static Dictionary<string, string> RecordDone(string name, long uniqueSuffix, string? path = null) => new()
    {
        ["app"] = "live",
        ["flashver"] = "FMLE/3.0 (compatible; Lavf59.27",
        ["swfurl"] = "",
        ["tcurl"] = "rtmp://127.0.0.1:1935/live",
        ["pageurl"] = "",
        ["addr"] = "127.0.0.1",
        ["clientid"] = "7",
        ["call"] = "record_done",
        ["recorder"] = "",
        ["name"] = name,
        ["path"] = path ?? $"{RecordRoot}/{name}-{uniqueSuffix}.flv",
        ["k"] = "v",
    };

    public static Task<HttpResponseMessage> PostAsync(IngestHost host, Dictionary<string, string> form, string? token = Token) =>
        host.Client.PostAsync(token is null ? "/callbacks/nginx-rtmp" : $"/callbacks/nginx-rtmp?token={Uri.EscapeDataString(token)}",
            new FormUrlEncodedContent(form));
}
