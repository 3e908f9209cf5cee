using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Catalog.Paging;

/// <summary>
/// The page cursors the catalog gives out: base64url of a small text, opaque to clients. Each list has its own shape
/// (a position, an offset, a key), so one list's cursor is refused by another as one this API did not give out.
/// </summary>
public static class Cursor
{
    /// <summary>After a (start, id) position, for lists ordered newest first.</summary>
    public static string OfPosition(DateTime startedAt, Guid id) =>
        Encode($"{startedAt.Ticks.ToString(CultureInfo.InvariantCulture)}.{id:N}");

    public static (DateTime StartedAt, Guid Id) Position(string cursor)
    {
        var parts = Decode(cursor).Split('.');
        if (parts.Length == 2
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks <= DateTime.MaxValue.Ticks
            && Guid.TryParseExact(parts[1], "N", out var id))
            return (new DateTime(ticks, DateTimeKind.Utc), id);
        throw Foreign();
    }

    /// <summary>After so many items of a list that lives in one row (a feed's items).</summary>
    public static string OfOffset(int offset) => Encode($"o{offset.ToString(CultureInfo.InvariantCulture)}");

    public static int Offset(string cursor) =>
        Decode(cursor) is ['o', .. var digits] && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
            ? offset
            : throw Foreign();

    /// <summary>After a key, for lists ordered by a text key (anchors by id).</summary>
    public static string OfKey(string key) => Encode("a" + key);

    public static string Key(string cursor) => Decode(cursor) is ['a', .. var key] ? key : throw Foreign();

    private static string Encode(string text) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));

    private static string Decode(string cursor)
    {
        try
        {
            return new UTF8Encoding(false, true).GetString(Base64Url.DecodeFromChars(cursor));
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            throw Foreign();
        }
    }

    private static ValidationException Foreign() => new("The cursor is not one this API gave out.");
}
