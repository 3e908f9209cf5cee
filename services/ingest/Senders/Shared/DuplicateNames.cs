using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Ingest.Senders.Shared;

/// <summary>
/// Finds a property name that an object of a document repeats, compared as text ("a" and "\u0061" are one name): which
/// of the two counts would be a guess. It reports what the parser's own check reports, in the same order, without the
/// set that check builds for every document.
/// </summary>
internal static class DuplicateNames
{
    // Up to this many properties a name is compared with the earlier ones pairwise; past it, through a set.
    private const int PairwiseLimit = 32;

    /// <summary>The first repeated name, or null. Throws <see cref="InvalidOperationException"/> on a name that is not valid text.</summary>
    public static string? Find(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                // As the parser's check: an object's names are checked when it ends, so nested objects come first.
                foreach (var property in element.EnumerateObject())
                    if (Find(property.Value) is { } inner) return inner;
                Span<int> shapes = stackalloc int[PairwiseLimit];
                var index = 0;
                HashSet<string>? earlier = null;
                foreach (var property in element.EnumerateObject())
                {
                    var shape = Shape(property);
                    // An escaped name is decoded, as the parser's check does: one that is not valid text throws.
                    if (shape == Escaped) _ = property.Name;
                    if (index == PairwiseLimit) earlier = Keys(element, index);
                    if (earlier is null) shapes[index] = shape;
                    if (earlier is null ? RepeatsEarlier(element, property, shapes[..(index + 1)]) : !earlier.Add(Key(property))) return Text(property);
                    index++;
                }
                return null;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                    if (Find(item) is { } inner) return inner;
                return null;
            default:
                return null;
        }
    }

    // Two names are compared only when their shapes match: most names of an object differ in length or ends.
    private static bool RepeatsEarlier(JsonElement element, JsonProperty property, ReadOnlySpan<int> shapes)
    {
        var shape = shapes[^1];
        for (var i = 0; i < shapes.Length - 1; i++)
            if ((shapes[i] == shape || shapes[i] == Escaped || shape == Escaped) && SameName(Nth(element, i), property)) return true;
        return false;
    }

    private const int Escaped = -1;

    /// <summary>A name's length and first and last bytes, when it has no escapes: names that differ in it are not the same.</summary>
    private static int Shape(JsonProperty property)
    {
        var raw = JsonMarshal.GetRawUtf8PropertyName(property);
        return raw.Contains((byte)'\\') ? Escaped : raw.IsEmpty ? 0 : HashCode.Combine(raw.Length, raw[0], raw[^1]) & int.MaxValue;
    }

    private static JsonProperty Nth(JsonElement element, int index)
    {
        foreach (var property in element.EnumerateObject())
            if (index-- == 0) return property;
        throw new ArgumentOutOfRangeException(nameof(index));
    }

    private static bool SameName(JsonProperty a, JsonProperty b)
    {
        if (!IsEscaped(a)) return b.NameEquals(JsonMarshal.GetRawUtf8PropertyName(a));
        if (!IsEscaped(b)) return a.NameEquals(JsonMarshal.GetRawUtf8PropertyName(b));
        return a.Name == b.Name;
    }

    private static HashSet<string> Keys(JsonElement element, int count)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (count-- == 0) break;
            keys.Add(Key(property));
        }
        return keys;
    }

    // A name's UTF-8 bytes, one character per byte: names that are not valid UTF-8 compare byte by byte, as pairwise.
    private static string Key(JsonProperty property) =>
        Encoding.Latin1.GetString(IsEscaped(property) ? Encoding.UTF8.GetBytes(property.Name) : JsonMarshal.GetRawUtf8PropertyName(property));

    // Escaped names were decoded already; bytes that are not UTF-8 are shown as U+FFFD, as the parser's message does.
    private static string Text(JsonProperty property) =>
        IsEscaped(property) ? property.Name : Encoding.UTF8.GetString(JsonMarshal.GetRawUtf8PropertyName(property));

    private static bool IsEscaped(JsonProperty property) => JsonMarshal.GetRawUtf8PropertyName(property).Contains((byte)'\\');
}
