using System.Collections.Specialized;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Testing.Tencent;

/// <summary>
/// Checks a request's TC3-HMAC-SHA256 signature as Tencent's API gateway would, from what arrived on the wire (the
/// headers it names, the body's bytes), written from the signature documentation independently of ingest's signer.
/// Returns the API's error code, or null when the signature holds.
/// </summary>
internal static class StandInSignature
{
    public static (string Code, string Message)? Check(NameValueCollection headers, byte[] body, string secretId, string secretKey, DateTimeOffset now)
    {
        if (!long.TryParse(headers["X-TC-Timestamp"], NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp))
            return ("MissingParameter", "X-TC-Timestamp is required.");
        if (Math.Abs(now.ToUnixTimeSeconds() - timestamp) > 300)
            return ("AuthFailure.SignatureExpire", "The request timestamp is more than five minutes from the server time.");
        var authorization = headers["Authorization"] ?? "";
        const string prefix = "TC3-HMAC-SHA256 ";
        if (!authorization.StartsWith(prefix, StringComparison.Ordinal)) return ("AuthFailure.InvalidAuthorization", "Authorization is not TC3-HMAC-SHA256.");
        var parts = authorization[prefix.Length..].Split(", ").Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        if (!parts.TryGetValue("Credential", out var credential) || !parts.TryGetValue("SignedHeaders", out var signedHeaders)
            || !parts.TryGetValue("Signature", out var signature))
            return ("AuthFailure.InvalidAuthorization", "Authorization lacks Credential, SignedHeaders or Signature.");
        var scope = credential.Split('/');
        if (scope.Length != 4 || scope[3] != "tc3_request") return ("AuthFailure.InvalidAuthorization", "The credential scope is malformed.");
        if (scope[0] != secretId) return ("AuthFailure.SecretIdNotFound", "The SecretId is unknown.");
        var date = DateTimeOffset.FromUnixTimeSeconds(timestamp).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (scope[1] != date || scope[2] != "vod") return ("AuthFailure.SignatureFailure", "The credential scope does not match the timestamp's UTC date and the service.");
        var names = signedHeaders.Split(';');
        if (!names.Contains("content-type") || !names.Contains("host")) return ("AuthFailure.SignatureFailure", "content-type and host must be signed.");

        var canonical = new StringBuilder("POST\n/\n\n");
        foreach (var name in names) canonical.Append(name).Append(':').Append((headers[name] ?? "").Trim().ToLowerInvariant()).Append('\n');
        canonical.Append('\n').Append(signedHeaders).Append('\n').Append(Hex(SHA256.HashData(body)));
        var toSign = $"TC3-HMAC-SHA256\n{timestamp}\n{date}/vod/tc3_request\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())))}";
        var key = Encoding.UTF8.GetBytes("TC3" + secretKey);
        foreach (var part in new[] { date, "vod", "tc3_request" }) key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        var expected = Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(toSign)));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature))
            ? null
            : ("AuthFailure.SignatureFailure", "The provided credentials could not be validated.");
    }

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
