using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ingest.Callbacks;

namespace Ingest.Senders.LiveKit;

/// <summary>
/// LiveKit signs each webhook with a JWT in <c>Authorization</c>: HS256 with the API secret, <c>iss</c> the API key, a
/// short <c>exp</c>, and a <c>sha256</c> claim holding base64(SHA-256(raw body)), which binds the token to this body.
/// </summary>
public sealed class LiveKitWebhookToken(LiveKitOptions options)
{
    private readonly Dictionary<string, byte[]> _secrets = new[] { (options.ApiKey, options.ApiSecret), (options.PreviousApiKey, options.PreviousApiSecret) }
        .Where(k => !string.IsNullOrEmpty(k.Item1) && !string.IsNullOrEmpty(k.Item2))
        .ToDictionary(k => k.Item1!, k => Encoding.UTF8.GetBytes(k.Item2!), StringComparer.Ordinal);

    public bool Configured => _secrets.Count > 0;

    public Refusal? Verify(string? authorization, ReadOnlySpan<byte> body, DateTimeOffset now, bool acceptExpired)
    {
        if (string.IsNullOrWhiteSpace(authorization)) return Missing("The Authorization header (LiveKit's webhook token) is required.");
        var token = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : authorization.Trim();
        var parts = token.Split('.');
        if (parts.Length != 3 || Decode(parts[0]) is not { } header || Decode(parts[1]) is not { } payload || Decode(parts[2]) is not { } signature)
            return Invalid("The Authorization header is not a JWT.");
        JsonElement claims;
        try
        {
            using (var h = JsonDocument.Parse(header))
                if (!h.RootElement.TryGetProperty("alg", out var alg) || alg.ValueKind != JsonValueKind.String || alg.GetString() != "HS256")
                    return Invalid("The webhook token must be signed with HS256.");
            using var p = JsonDocument.Parse(payload);
            claims = p.RootElement.Clone();
        }
        catch (JsonException)
        {
            return Invalid("The webhook token's header or claims are not JSON.");
        }
        if (claims.ValueKind != JsonValueKind.Object) return Invalid("The webhook token's claims are not an object.");

        if (!claims.TryGetProperty("iss", out var iss) || iss.ValueKind != JsonValueKind.String || !_secrets.TryGetValue(iss.GetString()!, out var secret))
            return Invalid("The webhook token's 'iss' is not a configured LiveKit API key.");
        var expected = HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"));
        if (!CryptographicOperations.FixedTimeEquals(expected, signature)) return Invalid("The webhook token's signature does not match the API secret.");

        var hash = Encoding.ASCII.GetBytes(Convert.ToBase64String(SHA256.HashData(body)));
        if (!claims.TryGetProperty("sha256", out var claimed) || claimed.ValueKind != JsonValueKind.String
            || !CryptographicOperations.FixedTimeEquals(hash, Encoding.ASCII.GetBytes(claimed.GetString()!)))
            return Invalid("The webhook token's 'sha256' is not the hash of this body.");

        if (!Seconds(claims, "exp", out var exp)) return Invalid("The webhook token has no 'exp'.");
        if (!acceptExpired && DateTimeOffset.FromUnixTimeSeconds(exp) + options.ClockSkew < now)
            return new Refusal(RefusalKind.SignatureExpired, $"The webhook token expired at {DateTimeOffset.FromUnixTimeSeconds(exp):O}; it is {now:O}.");
        if (Seconds(claims, "nbf", out var nbf) && DateTimeOffset.FromUnixTimeSeconds(nbf) - options.ClockSkew > now)
            return Invalid($"The webhook token is not valid before {DateTimeOffset.FromUnixTimeSeconds(nbf):O}.");
        return null;
    }

    private static bool Seconds(JsonElement claims, string name, out long value)
    {
        value = 0;
        return claims.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out value);
    }

    private static byte[]? Decode(string part)
    {
        var padded = part.Replace('-', '+').Replace('_', '/');
        padded += (padded.Length % 4) switch { 2 => "==", 3 => "=", _ => "" };
        try
        {
            return Convert.FromBase64String(padded);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static Refusal Missing(string detail) => new(RefusalKind.SignatureMissing, detail);

    private static Refusal Invalid(string detail) => new(RefusalKind.SignatureInvalid, detail);
}
