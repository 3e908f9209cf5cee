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

    public static (DateTime StartedAt, Guid Id) Position(string cursor) => TryPosition(cursor) ?? throw Foreign();

    private static (DateTime StartedAt, Guid Id)? TryPosition(string cursor)
    {
        var parts = TryDecode(cursor)?.Split('.');
        if (parts is { Length: 2 }
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks <= DateTime.MaxValue.Ticks
            && Guid.TryParseExact(parts[1], "N", out var id))
            return (new DateTime(ticks, DateTimeKind.Utc), id);
        return null;
    }

    /// <summary>After so many items of a list that lives in one row (a feed's items).</summary>
    public static string OfOffset(int offset) => Encode($"o{offset.ToString(CultureInfo.InvariantCulture)}");

    public static int Offset(string cursor) => TryOffset(cursor) ?? throw Foreign();

    private static int? TryOffset(string cursor) =>
        TryDecode(cursor) is ['o', .. var digits] && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
            ? offset
            : null;

    /// <summary>After a key, for lists ordered by a text key (anchors by id).</summary>
    public static string OfKey(string key) => Encode("a" + key);

    public static string Key(string cursor) => TryDecode(cursor) is ['a', .. var key] ? key : throw Foreign();

    /// <summary>Why a cursor is refused by a list of positions, or null when it is one (or absent).</summary>
    public static Rejection? CheckPosition(string? cursor) => cursor is null || TryPosition(cursor) is not null ? null : Refused;

    public static Rejection? CheckOffset(string? cursor) => cursor is null || TryOffset(cursor) is not null ? null : Refused;

    public static Rejection? CheckKey(string? cursor) => cursor is null || TryDecode(cursor) is ['a', ..] ? null : Refused;

    private static string Encode(string text) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));

    private static string? TryDecode(string cursor)
    {
        try
        {
            return new UTF8Encoding(false, true).GetString(Base64Url.DecodeFromChars(cursor));
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            return null;
        }
    }

    private static readonly Rejection Refused = Rejection.Invalid("The cursor is not one this API gave out.");

    private static ValidationException Foreign() => new(Refused.Detail);
}
