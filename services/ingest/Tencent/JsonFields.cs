using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Ingest.Callbacks;
using Ingest.Callbacks.Checking;

namespace Ingest.Tencent;

/// <summary>
/// Reads a callback's fields: strict for the required ones, lenient (kept, never refused) for unknown ones, and
/// range-checked for every number and length it maps, so a refusal names the sender's own field. The document was
/// already checked by <see cref="JsonBody"/>: an object whose names and strings are all readable and storable.
/// </summary>
internal sealed class JsonFields(JsonElement root)
{
    public List<string> Errors { get; } = [];

    /// <summary>Every field refused so far, as one refusal; null while none is.</summary>
    public Refusal? Refusal => Errors.Count > 0 ? new Refusal(RefusalKind.InvalidField, string.Join("; ", Errors) + ".") : null;

    public string RequiredString(string name, int maxLength = CallbackLimits.IdLength)
    {
        if (root.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.String && e.GetString() is { Length: > 0 } s)
            return Bounded(name, s, maxLength) ?? "";
        Errors.Add(Describe(name, "a non-empty string"));
        return "";
    }

    public long RequiredInteger(string name)
    {
        if (root.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out var v)) return v;
        Errors.Add(Describe(name, "an integer"));
        return 0;
    }

    /// <summary>An optional integer within bounds (given as a number or a numeric string); otherwise a refused field.</summary>
    public long? Integer(string name, long min = long.MinValue, long max = long.MaxValue)
    {
        if (!root.TryGetProperty(name, out var e) || e.ValueKind == JsonValueKind.Null) return null;
        if ((e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out var v))
            || (e.ValueKind == JsonValueKind.String && long.TryParse(e.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out v)))
        {
            if (v >= min && v <= max) return v;
            Errors.Add($"'{name}' must be from {min} to {max}, not {v}");
            return null;
        }
        Errors.Add(Describe(name, "an integer"));
        return null;
    }

    /// <summary>A time in Unix seconds, within the sane window (a value in milliseconds is refused as such).</summary>
    public long? UnixTime(string name)
    {
        var seconds = Integer(name);
        if (seconds is not { } s || CallbackLimits.IsSaneUnixSeconds(s)) return seconds;
        Errors.Add(CallbackLimits.DescribeBadUnixSeconds(name, s));
        return null;
    }

    public long RequiredUnixTime(string name)
    {
        if (root.TryGetProperty(name, out var e) && e.ValueKind != JsonValueKind.Null) return UnixTime(name) ?? 0;
        Errors.Add(Describe(name, "an integer"));
        return 0;
    }

    /// <summary>An optional finite number (a number or a numeric string; NaN and infinities are refused).</summary>
    public double? Number(string name)
    {
        if (!root.TryGetProperty(name, out var e) || e.ValueKind == JsonValueKind.Null) return null;
        if ((e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out var v))
            || (e.ValueKind == JsonValueKind.String && double.TryParse(e.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out v)))
        {
            if (double.IsFinite(v)) return v;
        }
        Errors.Add(Describe(name, "a finite number"));
        return null;
    }

    /// <summary>Any scalar as text (Tencent sends <c>appid</c> as a number, ids sometimes as either), bounded in length.</summary>
    public string? Text(string name, int maxLength = CallbackLimits.TextLength)
    {
        if (!root.TryGetProperty(name, out var e)) return null;
        var text = e.ValueKind switch
        {
            JsonValueKind.String => e.GetString(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => e.GetRawText(),
            _ => null,
        };
        return text is null ? null : Bounded(name, text, maxLength);
    }

    /// <summary><c>callback_ext</c> is a JSON string: parsed when valid and storable, else kept as the string it was.</summary>
    public JsonElement? EmbeddedJson(string name)
    {
        if (!root.TryGetProperty(name, out var e) || e.ValueKind == JsonValueKind.Null) return null;
        if (e.ValueKind != JsonValueKind.String) return e.Clone();
        try
        {
            using var doc = JsonDocument.Parse(e.GetString()!);
            return StorableJson.Find(doc.RootElement, name) is null ? doc.RootElement.Clone() : e.Clone();
        }
        catch (JsonException)
        {
            return e.Clone();
        }
    }

    /// <summary>Every field not mapped to a typed one (and not the signature), so nothing the sender said is lost.</summary>
    public JsonElement? Rest(HashSet<string> mapped)
    {
        var names = mapped.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!HasRest(names)) return null;
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var p in root.EnumerateObject())
                if (IsRest(p, names)) p.WriteTo(writer);
            writer.WriteEndObject();
        }
        return JsonElement.Parse(buffer.WrittenSpan);
    }

    private bool HasRest(HashSet<string>.AlternateLookup<ReadOnlySpan<char>> mapped)
    {
        foreach (var p in root.EnumerateObject())
            if (IsRest(p, mapped)) return true;
        return false;
    }

    // Most names are short and have no escapes: they are looked up as they are, without a string made for each.
    private static bool IsRest(JsonProperty property, HashSet<string>.AlternateLookup<ReadOnlySpan<char>> mapped)
    {
        var raw = JsonMarshal.GetRawUtf8PropertyName(property);
        if (raw.Length > 64 || raw.Contains((byte)'\\')) return IsRest(property.Name, mapped);
        Span<char> name = stackalloc char[64];
        return IsRest(name[..Encoding.UTF8.GetChars(raw, name)], mapped);
    }

    private static bool IsRest(ReadOnlySpan<char> name, HashSet<string>.AlternateLookup<ReadOnlySpan<char>> mapped) =>
        !mapped.Contains(name) && !name.SequenceEqual("sign") && !name.SequenceEqual("t");

    private string? Bounded(string name, string text, int maxLength)
    {
        if (text.Length <= maxLength) return text;
        Errors.Add($"'{name}' has {text.Length} characters; at most {maxLength}");
        return null;
    }

    private string Describe(string name, string expected) =>
        root.TryGetProperty(name, out var e)
            ? $"'{name}' must be {expected}, not {Kind(e)}"
            : $"'{name}' ({expected}) is required";

    private static string Kind(JsonElement e) =>
        e.ValueKind == JsonValueKind.Number ? $"the number {Truncate(e.GetRawText())}" : e.ValueKind.ToString().ToLowerInvariant();

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
