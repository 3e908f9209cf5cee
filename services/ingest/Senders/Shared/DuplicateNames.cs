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
                var index = 0;
                HashSet<string>? earlier = null;
                foreach (var property in element.EnumerateObject())
                {
                    // An escaped name is decoded, as the parser's check does: one that is not valid text throws.
                    if (IsEscaped(property)) _ = property.Name;
                    if (index == PairwiseLimit) earlier = Keys(element, index);
                    if (earlier is null ? RepeatsEarlier(element, property, index) : !earlier.Add(Key(property))) return Text(property);
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

    private static bool RepeatsEarlier(JsonElement element, JsonProperty property, int index)
    {
        // A name without escapes is its own UTF-8 text: the others are compared with it as they are, or decoded.
        var raw = JsonMarshal.GetRawUtf8PropertyName(property);
        var escaped = raw.Contains((byte)'\\');
        foreach (var other in element.EnumerateObject())
        {
            if (index-- == 0) return false;
            if (escaped ? SameAsEscaped(other, property) : other.NameEquals(raw)) return true;
        }
        return false;
    }

    private static bool SameAsEscaped(JsonProperty other, JsonProperty escaped) =>
        IsEscaped(other) ? other.Name == escaped.Name : escaped.NameEquals(JsonMarshal.GetRawUtf8PropertyName(other));

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
