using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Ingest.Reconciling.Tencent;

/// <summary>
/// Tencent Cloud API 3.0 request signing (TC3-HMAC-SHA256): a canonical request over the signed headers and the
/// body's hash, a string to sign scoped to the UTC date and service, and a key derived from the secret, that date
/// and the service.
/// </summary>
public static class Tc3Signature
{
    public const string Algorithm = "TC3-HMAC-SHA256";
    private const string Terminator = "tc3_request";

    /// <summary>A POST to <c>/</c> with no query string, as API 3.0 calls are; headers trimmed, lower-cased, sorted by name.</summary>
    public static string CanonicalRequest(IEnumerable<KeyValuePair<string, string>> signedHeaders, ReadOnlySpan<byte> payload)
    {
        var headers = signedHeaders
            .Select(h => (Name: h.Key.Trim().ToLowerInvariant(), Value: h.Value.Trim().ToLowerInvariant()))
            .OrderBy(h => h.Name, StringComparer.Ordinal)
            .ToList();
        var canonical = new StringBuilder("POST\n/\n\n");
        foreach (var (name, value) in headers) canonical.Append(name).Append(':').Append(value).Append('\n');
        canonical.Append('\n').Append(SignedHeaderNames(headers.Select(h => h.Name))).Append('\n').Append(Sha256Hex(payload));
        return canonical.ToString();
    }

    public static string SignedHeaderNames(IEnumerable<string> names) => string.Join(';', names);

    public static string CredentialScope(long timestamp, string service) => $"{Date(timestamp)}/{service}/{Terminator}";

    public static string StringToSign(long timestamp, string service, string canonicalRequest) =>
        $"{Algorithm}\n{timestamp.ToString(CultureInfo.InvariantCulture)}\n{CredentialScope(timestamp, service)}\n{Sha256Hex(Encoding.UTF8.GetBytes(canonicalRequest))}";

    public static string Signature(string secretKey, long timestamp, string service, string stringToSign)
    {
        var secretDate = Hmac(Encoding.UTF8.GetBytes("TC3" + secretKey), Date(timestamp));
        var secretService = Hmac(secretDate, service);
        var secretSigning = Hmac(secretService, Terminator);
        return Convert.ToHexStringLower(Hmac(secretSigning, stringToSign));
    }

    /// <summary>The <c>Authorization</c> header value of a request with these signed headers and body.</summary>
    public static string Authorization(
        string secretId, string secretKey, string service, long timestamp,
        IReadOnlyCollection<KeyValuePair<string, string>> signedHeaders, ReadOnlySpan<byte> payload)
    {
        var canonical = CanonicalRequest(signedHeaders, payload);
        var signature = Signature(secretKey, timestamp, service, StringToSign(timestamp, service, canonical));
        var names = SignedHeaderNames(signedHeaders.Select(h => h.Key.Trim().ToLowerInvariant()).Order(StringComparer.Ordinal));
        return $"{Algorithm} Credential={secretId}/{CredentialScope(timestamp, service)}, SignedHeaders={names}, Signature={signature}";
    }

    public static string Sha256Hex(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    // The date is the UTC date of the timestamp: a local date would break every call made around midnight.
    private static string Date(long timestamp) =>
        DateTimeOffset.FromUnixTimeSeconds(timestamp).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static byte[] Hmac(byte[] key, string message) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(message));
}
