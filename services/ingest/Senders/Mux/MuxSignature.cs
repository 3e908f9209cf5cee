using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Ingest.Callbacks;

namespace Ingest.Senders.Mux;

/// <summary>
/// <c>Mux-Signature: t=&lt;unix&gt;,v1=&lt;hex&gt;[,v1=...]</c>: HMAC-SHA256 of <c>{t}.{raw body}</c> with the signing
/// secret. Several <c>v1</c> may come during a secret rotation; any that matches a configured secret passes.
/// </summary>
public sealed class MuxSignature(MuxOptions options)
{
    public const string Header = "Mux-Signature";

    private readonly byte[][] _secrets = new[] { options.WebhookSecret, options.PreviousWebhookSecret }
        .Where(s => !string.IsNullOrEmpty(s)).Select(s => Encoding.UTF8.GetBytes(s!)).ToArray();

    public bool Configured => _secrets.Length > 0;

    public Refusal? Verify(string? header, ReadOnlySpan<byte> body, DateTimeOffset now, bool acceptExpired)
    {
        if (string.IsNullOrWhiteSpace(header)) return new Refusal(RefusalKind.SignatureMissing, $"The {Header} header is required.");
        long? t = null;
        var signatures = new List<byte[]>();
        foreach (var part in header.Split(','))
        {
            var eq = part.IndexOf('=');
            if (eq <= 0) continue;
            var (name, value) = (part[..eq].Trim(), part[(eq + 1)..].Trim());
            if (name == "t" && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)) t = seconds;
            else if (name == "v1") signatures.Add(Encoding.ASCII.GetBytes(value.ToLowerInvariant()));
        }
        if (t is null || signatures.Count == 0)
            return new Refusal(RefusalKind.SignatureMissing, $"The {Header} header needs a 't=' time and at least one 'v1=' signature.");

        var signed = new byte[Encoding.ASCII.GetByteCount($"{t}.") + body.Length];
        var prefix = Encoding.ASCII.GetBytes($"{t}.", signed);
        body.CopyTo(signed.AsSpan(prefix));
        var matches = false;
        foreach (var secret in _secrets)
        {
            var expected = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(HMACSHA256.HashData(secret, signed)));
            foreach (var given in signatures) matches |= CryptographicOperations.FixedTimeEquals(expected, given);
        }
        if (!matches) return new Refusal(RefusalKind.SignatureInvalid, $"No v1 of {Header} is HMAC-SHA256(secret, t.body) for a configured secret.");

        var at = DateTimeOffset.FromUnixTimeSeconds(t.Value);
        if (!acceptExpired && (now - at).Duration() > options.Tolerance)
            return new Refusal(RefusalKind.SignatureExpired, $"The signature's time {at:O} is more than {options.Tolerance} from {now:O}.");
        return null;
    }
}
