using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Unicode;

namespace Ingest.Callbacks.Checking;

/// <summary>
/// Walks a JSON value (property names included) for what jsonb cannot store: text with an escaped NUL or a lone
/// surrogate, or bytes that are not UTF-8 (the parser leaves string contents to whoever reads them; reading them
/// throws), and numbers too large for PostgreSQL's numeric.
/// </summary>
public static class StorableJson
{
    /// <summary>Null when every name and string can be stored; else the path of the first that cannot, and why.</summary>
    public static string? Find(JsonElement element, string path) => IsStorable(element) ? null : Describe(element, path);

    /// <summary>
    /// The check without paths or strings, on the raw UTF-8: text without escapes that is valid UTF-8 holds no NUL
    /// (the parser refuses raw control characters) and no lone surrogate (UTF-8 cannot encode one). Escaped text is
    /// decoded and checked as <see cref="Describe"/> does.
    /// </summary>
    internal static bool IsStorable(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                    if (!(IsPlainText(JsonMarshal.GetRawUtf8PropertyName(property)) ?? IsStorableName(property)) || !IsStorable(property.Value)) return false;
                return true;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                    if (!IsStorable(item)) return false;
                return true;
            case JsonValueKind.String:
                var raw = JsonMarshal.GetRawUtf8Value(element);
                return IsPlainText(raw.Length >= 2 && raw[0] == (byte)'"' ? raw[1..^1] : raw) ?? Read(element.GetString, out _) is null;
            case JsonValueKind.Number:
                return IsStorableNumber(JsonMarshal.GetRawUtf8Value(element));
            default:
                return true;
        }
    }

    /// <summary>Whether raw text without escapes is storable; null when it has escapes and must be decoded to tell.</summary>
    private static bool? IsPlainText(ReadOnlySpan<byte> raw) => raw.IndexOf((byte)'\\') < 0 ? Utf8.IsValid(raw) : null;

    private static bool IsStorableName(JsonProperty property) => Read(() => property.Name, out _) is null;

    private static string? Describe(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (Read(() => property.Name, out var name) is { } badName) return $"a property name in '{Path(path, "?")}' {badName}";
                    if (Describe(property.Value, Path(path, name!)) is { } inner) return inner;
                }
                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                    if (Describe(item, $"{path}[{index++}]") is { } inner) return inner;
                return null;
            case JsonValueKind.String:
                return Read(element.GetString, out _) is { } bad ? $"'{path}' {bad}" : null;
            case JsonValueKind.Number:
                return IsStorableNumber(JsonMarshal.GetRawUtf8Value(element)) ? null : $"'{path}' is a number beyond what PostgreSQL stores (at most {MaxNumberLength} characters, exponent within ±{MaxExponent})";
            default:
                return null;
        }
    }

    // jsonb keeps numbers as numeric, which overflows near 10^131072; these bounds stay far inside it.
    private const int MaxNumberLength = 1000;
    private const int MaxExponent = 9999;

    private static bool IsStorableNumber(ReadOnlySpan<byte> raw)
    {
        if (raw.Length > MaxNumberLength) return false;
        var e = raw.IndexOfAny((byte)'e', (byte)'E');
        return e < 0 || (int.TryParse(raw[(e + 1)..], System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var exponent)
            && Math.Abs(exponent) <= MaxExponent);
    }

    private static string? Read(Func<string?> read, out string? text)
    {
        try
        {
            text = read();
        }
        catch (InvalidOperationException)
        {
            text = null;
            return "is not valid UTF-8 / UTF-16 text";
        }
        return text is null ? null : StorableText.Problem(text);
    }

    private static string Path(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
}
