using System.Text.Json;

namespace Ingest.Callbacks.Checking;

/// <summary>
/// Walks a JSON value (property names included) for what jsonb cannot store: text with an escaped NUL or a lone
/// surrogate, or bytes that are not UTF-8 (the parser leaves string contents to whoever reads them; reading them
/// throws), and numbers too large for PostgreSQL's numeric.
/// </summary>
public static class StorableJson
{
    /// <summary>Null when every name and string can be stored; else the path of the first that cannot, and why.</summary>
    public static string? Find(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (Read(() => property.Name, out var name) is { } badName) return $"a property name in '{Path(path, "?")}' {badName}";
                    if (Find(property.Value, Path(path, name!)) is { } inner) return inner;
                }
                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                    if (Find(item, $"{path}[{index++}]") is { } inner) return inner;
                return null;
            case JsonValueKind.String:
                return Read(element.GetString, out _) is { } bad ? $"'{path}' {bad}" : null;
            case JsonValueKind.Number:
                return IsStorableNumber(element.GetRawText()) ? null : $"'{path}' is a number beyond what PostgreSQL stores (at most {MaxNumberLength} characters, exponent within ±{MaxExponent})";
            default:
                return null;
        }
    }

    // jsonb keeps numbers as numeric, which overflows near 10^131072; these bounds stay far inside it.
    private const int MaxNumberLength = 1000;
    private const int MaxExponent = 9999;

    private static bool IsStorableNumber(string raw)
    {
        if (raw.Length > MaxNumberLength) return false;
        var e = raw.IndexOfAny(['e', 'E']);
        return e < 0 || (int.TryParse(raw.AsSpan(e + 1), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var exponent)
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
