using System.Globalization;
using System.Text.Json;

namespace Ingest.Tencent;

/// <summary>Reads a callback's fields: strict for the required ones, lenient (kept, never refused) for the rest.</summary>
internal sealed class JsonFields(JsonElement root)
{
    public List<string> Errors { get; } = [];

    public string RequiredString(string name)
    {
        if (root.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.String && e.GetString() is { Length: > 0 } s) return s;
        Errors.Add(Describe(name, "a non-empty string"));
        return "";
    }

    public long RequiredInteger(string name)
    {
        if (root.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out var v)) return v;
        Errors.Add(Describe(name, "an integer"));
        return 0;
    }

    /// <summary>An optional integer; present with another type it is a mistyped field.</summary>
    public long? Integer(string name)
    {
        if (!root.TryGetProperty(name, out var e) || e.ValueKind == JsonValueKind.Null) return null;
        if (e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out var v)) return v;
        if (e.ValueKind == JsonValueKind.String && long.TryParse(e.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out v)) return v;
        Errors.Add(Describe(name, "an integer"));
        return null;
    }

    public double? Number(string name)
    {
        if (!root.TryGetProperty(name, out var e) || e.ValueKind == JsonValueKind.Null) return null;
        if (e.ValueKind == JsonValueKind.Number) return e.GetDouble();
        if (e.ValueKind == JsonValueKind.String && double.TryParse(e.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v)) return v;
        Errors.Add(Describe(name, "a number"));
        return null;
    }

    /// <summary>Any scalar as text (Tencent sends <c>appid</c> as a number, ids sometimes as either).</summary>
    public string? Text(string name) =>
        root.TryGetProperty(name, out var e)
            ? e.ValueKind switch
            {
                JsonValueKind.String => e.GetString(),
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => e.GetRawText(),
                _ => null,
            }
            : null;

    /// <summary><c>callback_ext</c> is a JSON string: parsed when valid, else kept as the string it was.</summary>
    public JsonElement? EmbeddedJson(string name)
    {
        if (!root.TryGetProperty(name, out var e) || e.ValueKind == JsonValueKind.Null) return null;
        if (e.ValueKind != JsonValueKind.String) return e.Clone();
        try
        {
            using var doc = JsonDocument.Parse(e.GetString()!);
            return doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            return e.Clone();
        }
    }

    /// <summary>Every field not mapped to a typed one (and not the signature), so nothing the sender said is lost.</summary>
    public JsonElement? Rest(IReadOnlySet<string> mapped)
    {
        var rest = root.EnumerateObject().Where(p => !mapped.Contains(p.Name) && p.Name is not ("sign" or "t")).ToList();
        if (rest.Count == 0) return null;
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var p in rest) p.WriteTo(writer);
            writer.WriteEndObject();
        }
        using var doc = JsonDocument.Parse(buffer.WrittenMemory);
        return doc.RootElement.Clone();
    }

    private string Describe(string name, string expected) =>
        root.TryGetProperty(name, out var e)
            ? $"'{name}' must be {expected}, not {e.ValueKind.ToString().ToLowerInvariant()}"
            : $"'{name}' ({expected}) is required";
}
