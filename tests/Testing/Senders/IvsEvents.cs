using System.Text;
using System.Text.Json;

namespace Testing.Senders;

/// <summary>"IVS Recording State Change" events as an EventBridge API destination posts them (the whole event, no transformer).</summary>
public static class IvsEvents
{
    public const string ApiKey = "ivs-test-api-key";
    public const string PreviousApiKey = "ivs-previous-api-key";
    public const string Channel = "AbCdef1G2hij";

    public static Dictionary<string, string?> Settings => new()
    {
        ["Ivs:ApiKey"] = ApiKey,
        ["Ivs:PreviousApiKey"] = PreviousApiKey,
        ["Ivs:HeaderName"] = "X-Ivs-Key",
        ["Ivs:PublicUrlBase"] = "https://d1abc.cloudfront.net",
    };

    public static string Event(string status, string session, DateTimeOffset time, long durationMs = 0, string[]? streamIds = null,
        string channel = Channel, string channelName = "frank") =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["version"] = "0",
            ["id"] = Guid.NewGuid().ToString(),
            ["detail-type"] = "IVS Recording State Change",
            ["source"] = "aws.ivs",
            ["account"] = "123456789012",
            ["time"] = time.ToString("yyyy-MM-ddTHH:mm:ssZ"),
            ["region"] = "us-west-2",
            ["resources"] = new[] { $"arn:aws:ivs:us-west-2:123456789012:channel/{channel}" },
            ["detail"] = new Dictionary<string, object?>
            {
                ["channel_name"] = channelName,
                ["stream_id"] = (streamIds ?? ["st-1A2b3c4D5e6F78ab"])[^1],
                ["recording_status"] = status,
                ["recording_status_reason"] = status.EndsWith("Failure") ? "S3 bucket not found" : "",
                ["recording_s3_bucket_name"] = "ivs-recordings",
                ["recording_s3_key_prefix"] = $"ivs/v1/123456789012/{channel}/2027/1/15/18/0/{session}",
                ["recording_duration_ms"] = durationMs,
                ["recording_session_id"] = session,
                ["recording_session_stream_ids"] = streamIds ?? ["st-1A2b3c4D5e6F78ab"],
            },
        });

    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string body, string? key = ApiKey, string header = "X-Ivs-Key")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/callbacks/ivs") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (key is not null) request.Headers.TryAddWithoutValidation(header, key);
        return await client.SendAsync(request);
    }
}
