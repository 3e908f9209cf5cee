using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ingest.Callbacks;
using Ingest.Callbacks.Checking;

namespace Ingest.Tencent;

/// <summary>Tencent's callback signature: <c>sign = MD5(key + t)</c> in lower-case hex, <c>t</c> the expiry time.</summary>
public sealed class TencentSignature(TencentOptions options)
{
    private readonly byte[][] _keys = new[] { options.CallbackKey, options.PreviousCallbackKey }
        .Where(k => !string.IsNullOrEmpty(k)).Select(k => Encoding.UTF8.GetBytes(k!)).ToArray();

    public bool Required => !options.AllowUnsignedCallbacks || _keys.Length > 0;

    /// <summary>
    /// Null when the callback is signed by a configured key and not expired (expiry may be waived on a replay). A
    /// <c>t</c> that is present but not Unix seconds in the sane window is a bad field (400), not a bad signature.
    /// </summary>
    public Refusal? Verify(JsonElement root, DateTimeOffset now, bool acceptExpired = false)
    {
        if (!Required) return null;
        if (!root.TryGetProperty("sign", out var signElement) || signElement.ValueKind != JsonValueKind.String)
            return new Refusal(RefusalKind.SignatureMissing, "The field 'sign' (a string) is required.");
        if (!root.TryGetProperty("t", out var tElement) || tElement.ValueKind == JsonValueKind.Null)
            return new Refusal(RefusalKind.SignatureMissing, "The field 't' (the expiry time, Unix seconds) is required.");
        if (!TryReadUnixSeconds(tElement, out var t))
            return new Refusal(RefusalKind.InvalidField, "'t' must be an integer (the expiry time in Unix seconds).");

        // A sign that is not MD5's 32 hex digits matches no key; case is not part of the proof.
        var given = signElement.GetString()!.ToLowerInvariant();
        Span<char> expected = stackalloc char[SignLength];
        var matches = false;
        foreach (var key in _keys)
        {
            Expected(key, t, expected);
            matches |= CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(given.AsSpan()), MemoryMarshal.AsBytes(expected));
        }
        if (!matches) return new Refusal(RefusalKind.SignatureInvalid, "'sign' is not MD5(key + t) for any configured callback key.");
        if (!CallbackLimits.IsSaneUnixSeconds(t)) return new Refusal(RefusalKind.InvalidField, CallbackLimits.DescribeBadUnixSeconds("t", t) + ".");

        var expiry = DateTimeOffset.FromUnixTimeSeconds(t);
        if (!acceptExpired && expiry + options.ClockSkew < now)
            return new Refusal(RefusalKind.SignatureExpired, $"The notification expired at {expiry:O} (t={t}); it is {now:O}.");
        return null;
    }

    private const int SignLength = 32;

    /// <summary>The lower-case hex MD5 of key + t (t in decimal), written into <paramref name="hex"/>.</summary>
    private static void Expected(byte[] key, long t, Span<char> hex)
    {
        // Room for the key and any long in decimal (at most 20 characters).
        Span<byte> input = key.Length <= 256 ? stackalloc byte[key.Length + 20] : new byte[key.Length + 20];
        key.CopyTo(input);
        t.TryFormat(input[key.Length..], out var digits, default, CultureInfo.InvariantCulture);
        Span<byte> hash = stackalloc byte[MD5.HashSizeInBytes];
        MD5.HashData(input[..(key.Length + digits)], hash);
        Convert.TryToHexStringLower(hash, hex, out _);
    }

    /// <summary>Signs for a key and expiry: what Tencent sends, used by tests and the benchmark.</summary>
    public static string Sign(string key, long t)
    {
        Span<char> hex = stackalloc char[SignLength];
        Expected(Encoding.UTF8.GetBytes(key), t, hex);
        return new string(hex);
    }

    private static bool TryReadUnixSeconds(JsonElement element, out long value)
    {
        value = 0;
        return element.ValueKind switch
        {
            JsonValueKind.Number => element.TryGetInt64(out value),
            JsonValueKind.String => long.TryParse(element.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out value),
            _ => false,
        };
    }
}
