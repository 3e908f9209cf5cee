using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Testing.Senders;

/// <summary>LiveKit webhooks as its server sends them: protojson bodies and an HS256 token binding the body's SHA-256.</summary>
public static class LiveKitWebhooks
{
    public const string ApiKey = "APIlivekitTest";
    public const string ApiSecret = "livekit-test-secret-that-is-long-enough";
    public const string PreviousApiKey = "APIlivekitOld";
    public const string PreviousApiSecret = "livekit-previous-secret-long-enough";

    public static Dictionary<string, string?> Settings => new()
    {
        ["LiveKit:ApiKey"] = ApiKey,
        ["LiveKit:ApiSecret"] = ApiSecret,
        ["LiveKit:PreviousApiKey"] = PreviousApiKey,
        ["LiveKit:PreviousApiSecret"] = PreviousApiSecret,
    };

    public static long Ns(DateTimeOffset at) => (at - DateTimeOffset.UnixEpoch).Ticks * 100;

    /// <summary>An <c>egress_ended</c> event of a room composite egress to MP4 and HLS, shaped as in LiveKit's protocol (int64 as strings).</summary>
    public static string EgressEnded(string egressId, string room, DateTimeOffset start, DateTimeOffset end, string status = "EGRESS_COMPLETE",
        bool legacyFile = false, bool hls = true, string eventId = "EV_3zx4t5VSmuMq", bool partialOutputs = false)
    {
        var mp4 = new Dictionary<string, object?>
        {
            ["filename"] = $"{room}/{egressId}.mp4",
            ["startedAt"] = Ns(start).ToString(),
            ["endedAt"] = Ns(end).ToString(),
            ["duration"] = ((end - start).Ticks * 100).ToString(),
            ["size"] = "4821301",
            ["location"] = $"https://bucket.s3.amazonaws.com/{room}/{egressId}.mp4",
        };
        var info = new Dictionary<string, object?>
        {
            ["egressId"] = egressId,
            ["roomId"] = "RM_hycBMAjmt6Ub",
            ["roomName"] = room,
            ["status"] = status,
            ["startedAt"] = Ns(start).ToString(),
            ["endedAt"] = Ns(end).ToString(),
            ["updatedAt"] = Ns(end).ToString(),
            ["roomComposite"] = new { roomName = room, layout = "speaker" },
            ["fileResults"] = legacyFile ? Array.Empty<object>() : new object[] { mp4 },
            ["segmentResults"] = hls
                ? new object[]
                {
                    new Dictionary<string, object?>
                    {
                        ["playlistName"] = $"{room}/{egressId}.m3u8",
                        ["livePlaylistName"] = $"{room}/{egressId}-live.m3u8",
                        ["duration"] = ((end - start).Ticks * 100).ToString(),
                        ["size"] = "5120000",
                        ["playlistLocation"] = $"https://bucket.s3.amazonaws.com/{room}/{egressId}.m3u8",
                        ["segmentCount"] = "12",
                        ["startedAt"] = Ns(start).ToString(),
                        ["endedAt"] = Ns(end).ToString(),
                    },
                }
                : Array.Empty<object>(),
        };
        if (legacyFile) info["file"] = mp4;
        if (status is "EGRESS_FAILED" or "EGRESS_ABORTED")
        {
            info["error"] = "Start signal not received";
            // An egress that fails midway still lists what it wrote before it stopped.
            if (!partialOutputs)
            {
                info["fileResults"] = Array.Empty<object>();
                info["segmentResults"] = Array.Empty<object>();
            }
        }
        return JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["event"] = "egress_ended",
            ["egressInfo"] = info,
            ["id"] = eventId,
            ["createdAt"] = end.ToUnixTimeSeconds().ToString(),
        });
    }

    /// <summary>The token LiveKit puts in <c>Authorization</c>: HS256 over <c>iss</c>, <c>exp</c>, <c>nbf</c> and <c>sha256</c> of the body.</summary>
    public static string Token(string body, DateTimeOffset now, string key = ApiKey, string secret = ApiSecret, TimeSpan? validFor = null)
    {
        var header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { alg = "HS256", typ = "JWT" }));
        var claims = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new
        {
            iss = key,
            nbf = now.AddSeconds(-5).ToUnixTimeSeconds(),
            exp = now.Add(validFor ?? TimeSpan.FromMinutes(5)).ToUnixTimeSeconds(),
            sha256 = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(body))),
        }));
        var signature = Base64Url(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes($"{header}.{claims}")));
        return $"{header}.{claims}.{signature}";
    }

    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string body, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/callbacks/livekit")
        {
            Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/webhook+json")),
        };
        if (token is not null) request.Headers.TryAddWithoutValidation("Authorization", token);
        return await client.SendAsync(request);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
