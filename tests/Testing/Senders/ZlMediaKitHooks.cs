using System.Text;
using System.Text.Json;

namespace Testing.Senders;

/// <summary>ZLMediaKit's <c>on_record_mp4</c> hook as its hook documentation shows it, and the settings for its record folder.</summary>
public static class ZlMediaKitHooks
{
    public const string Token = "zlm-test-token";
    public const string PreviousToken = "zlm-previous-token";
    public const string RecordRoot = "/opt/media/www";
    public const string PublicUrlBase = "https://media.example/zlm";

    public static Dictionary<string, string?> Settings => new()
    {
        ["ZlMediaKit:Token"] = Token,
        ["ZlMediaKit:PreviousToken"] = PreviousToken,
        ["ZlMediaKit:RecordRoot"] = RecordRoot,
        ["ZlMediaKit:PublicUrlBase"] = PublicUrlBase,
    };

    /// <summary>The <c>on_record_mp4</c> body for a file of <paramref name="length"/> seconds starting at <paramref name="start"/> (Unix seconds).</summary>
    public static object OnRecordMp4(long start, double length, int hookIndex = 12, string stream = "carol") => new
    {
        mediaServerId = "your_server_id",
        app = "live",
        file_name = $"{start}.mp4",
        file_path = $"{RecordRoot}/__defaultVhost__/record/live/{stream}/2027-01-15/{start}.mp4",
        file_size = 1913597,
        folder = $"{RecordRoot}/__defaultVhost__/record/live/{stream}/",
        start_time = start,
        stream,
        time_len = length,
        url = $"record/live/{stream}/2027-01-15/{start}.mp4",
        vhost = "__defaultVhost__",
        @params = "token=abc",
        hook_index = hookIndex,
    };

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, object body, string token = Token) =>
        client.PostAsync($"/callbacks/zlmediakit?token={token}", new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));
}
