using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Catalog.Projections;
using Npgsql;

namespace Catalog.Programs.Listing;

public sealed record AnchorProgramsPage(IReadOnlyList<ProgramView> Items, string? NextCursor);

/// <summary>
/// An anchor's programs, newest first. The cursor is the last item's (start, id), opaque to clients: programs that
/// arrive later sort before it (or after the end) and never shift the pages that follow.
/// </summary>
public sealed class ListAnchorPrograms(ProgramsReadModel programs, ReadModelDatabase database, IOptions<CatalogOptions> options)
{
    public async Task<AnchorProgramsPage> QueryAsync(string anchorId, int? limit, string? cursor, DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct)
    {
        var (views, next) = await QueryViewsAsync(anchorId, limit, cursor, from, to, ct);
        return new AnchorProgramsPage(views.Select(v => JsonSerializer.Deserialize(v, CatalogJson.Default.ProgramView)!).ToArray(), next);
    }

    /// <summary>The page's UTF-8 JSON, assembled from the stored views' bytes without decoding them.</summary>
    public async Task<byte[]> QueryUtf8Async(string anchorId, int? limit, string? cursor, DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct)
    {
        var (views, next) = await QueryViewsAsync(anchorId, limit, cursor, from, to, ct);
        var json = new ArrayBufferWriter<byte>(views.Sum(v => v.Length + 1) + 128);
        json.Write("{\"items\":["u8);
        for (var i = 0; i < views.Count; i++)
        {
            if (i > 0) json.Write(","u8);
            json.Write(views[i]);
        }
        json.Write("],\"nextCursor\":"u8);
        json.Write(next is null ? "null"u8 : JsonSerializer.SerializeToUtf8Bytes(next, CatalogJson.Default.String));
        json.Write("}"u8);
        return json.WrittenSpan.ToArray();
    }

    private async Task<(List<byte[]> Views, string? Next)> QueryViewsAsync(
        string anchorId, int? limit, string? cursor, DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct)
    {
        var size = limit ?? options.Value.DefaultPageSize;
        if (size < 1 || size > options.Value.MaxPageSize) throw new ValidationException($"limit is between 1 and {options.Value.MaxPageSize}.");
        var after = cursor is null ? default((DateTime, Guid)?) : Decode(cursor);
        var table = await programs.TableAsync(ct);
        var sql = new StringBuilder($"SELECT id, started_at, convert_to(view, 'UTF8') FROM {table} WHERE anchor_id = $1 AND merged_into IS NULL");
        await using var command = database.Queries.CreateCommand();
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = anchorId });
        if (from is { } f) sql.Append($" AND started_at >= ${Add(command, f.UtcDateTime)}");
        if (to is { } t) sql.Append($" AND started_at < ${Add(command, t.UtcDateTime)}");
        if (after is { } a) sql.Append($" AND (started_at, id) < (${Add(command, a.Item1)}, ${Add(command, a.Item2)})");
        sql.Append($" ORDER BY started_at DESC, id DESC LIMIT {size + 1}");
        command.CommandText = sql.ToString();

        var views = new List<byte[]>(size);
        (DateTime, Guid) last = default;
        var more = false;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            if (views.Count == size) { more = true; break; }
            last = (reader.GetFieldValue<DateTime>(1), reader.GetGuid(0));
            views.Add(reader.GetFieldValue<byte[]>(2));
        }
        return (views, more ? Encode(last) : null);
    }

    private static int Add<T>(NpgsqlCommand command, T value)
    {
        command.Parameters.Add(new NpgsqlParameter<T> { TypedValue = value });
        return command.Parameters.Count;
    }

    private static string Encode((DateTime StartedAt, Guid Id) at) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{at.StartedAt.Ticks.ToString(CultureInfo.InvariantCulture)}.{at.Id:N}"));

    private static (DateTime, Guid) Decode(string cursor)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor)).Split('.');
            return (new DateTime(long.Parse(parts[0], CultureInfo.InvariantCulture), DateTimeKind.Utc), Guid.ParseExact(parts[1], "N"));
        }
        catch (Exception ex) when (ex is FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            throw new ValidationException("The cursor is not one this API gave out.");
        }
    }

    public static async Task<IResult> HandleAsync(string anchorId, int? limit, string? cursor, DateTimeOffset? from, DateTimeOffset? to,
        ListAnchorPrograms query, HttpContext context, CancellationToken ct) =>
        JsonAnswers.Ok(context, await query.QueryUtf8Async(anchorId, limit, cursor, from, to, ct));
}
