using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Testing.Senders;

/// <summary>Mux webhooks as Mux sends them: the event envelope, the asset in <c>data</c>, and <c>Mux-Signature</c>.</summary>
public static class MuxWebhooks
{
    public const string Secret = "mux-test-signing-secret";
    public const string PreviousSecret = "mux-previous-signing-secret";

    public static Dictionary<string, string?> Settings => new() { ["Mux:WebhookSecret"] = Secret, ["Mux:PreviousWebhookSecret"] = PreviousSecret };

    /// <summary><c>video.asset.live_stream_completed</c> for an asset recorded from <paramref name="start"/>, with a slate gap in the middle.</summary>
    public static string Completed(string assetId, string liveStreamId, DateTimeOffset start, string eventId = "1d7a6b3f-53f1-4a2c-9fd1-7a2d3c0e9b11",
        string type = "video.asset.live_stream_completed", string passthrough = "erin", string publicPlaybackId = "PuBlIcPlAyBaCk") => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["type"] = type,
        ["request_id"] = null,
        ["object"] = new { type = "asset", id = assetId },
        ["id"] = eventId,
        ["environment"] = new { name = "Production", id = "j0863n" },
        ["data"] = new Dictionary<string, object?>
        {
            ["id"] = assetId,
            ["status"] = "ready",
            ["playback_ids"] = new[] { new { policy = "signed", id = "SiGnEdPlAyBaCk" }, new { policy = "public", id = publicPlaybackId } },
            ["duration"] = 1500.5,
            ["created_at"] = start.ToUnixTimeSeconds().ToString(),
            ["live_stream_id"] = liveStreamId,
            ["is_live"] = false,
            ["passthrough"] = passthrough,
            ["max_stored_resolution"] = "HD",
            ["master_access"] = "none",
            ["recording_times"] = new object[]
            {
                new { type = "content", started_at = start.ToString("yyyy-MM-ddTHH:mm:ss.fffZ"), duration = 600.25 },
                new { type = "slate", started_at = start.AddSeconds(600.25).ToString("yyyy-MM-ddTHH:mm:ss.fffZ"), duration = 60.0 },
                new { type = "content", started_at = start.AddSeconds(660.25).ToString("yyyy-MM-ddTHH:mm:ss.fffZ"), duration = 840.25 },
            },
        },
        ["created_at"] = start.AddSeconds(1510).ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ"),
        ["attempts"] = Array.Empty<object>(),
    });

    public static string Header(string body, long t, params string[] secrets) =>
        $"t={t}," + string.Join(',', secrets.Select(s => "v1=" + Convert.ToHexStringLower(
            HMACSHA256.HashData(Encoding.UTF8.GetBytes(s), Encoding.UTF8.GetBytes($"{t}.{body}")))));

    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string body, string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/callbacks/mux") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (signature is not null) request.Headers.TryAddWithoutValidation("Mux-Signature", signature);
        return await client.SendAsync(request);
    }
}
