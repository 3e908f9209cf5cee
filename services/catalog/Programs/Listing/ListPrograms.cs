using System.Buffers;
using System.Text;
using System.Text.Json;
using Catalog.Hosting;
using Catalog.Caching;
using Catalog.Paging;
using Catalog.Projections;
using Catalog.SigningIn;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Catalog.Programs.Listing;

public sealed record ProgramsPage(IReadOnlyList<ProgramView> Items, string? NextCursor);

/// <summary>
/// Which programs: one anchor's or everyone's, started in [from, to), after the cursor. Hidden programs are left out
/// unless the reader is an editor.
/// </summary>
public sealed record ProgramsQuery(string? AnchorId, int? Limit, string? Cursor, DateTimeOffset? From, DateTimeOffset? To, bool IncludeHidden = false);

/// <summary>
/// Programs newest first, across anchors or for one. The cursor is the last item's (start, id), opaque to clients:
/// programs that arrive later sort before it (or after the end) and never shift the pages that follow.
/// </summary>
public sealed class ListPrograms(ProgramsReadModel programs, ReadModelDatabase database, PageSize pageSize)
{
    /// <summary>Why the query is refused (a limit out of range, a cursor this list did not give out), or null.</summary>
    public Rejection? Check(ProgramsQuery query) => pageSize.Check(query.Limit) ?? Cursor.CheckPosition(query.Cursor);

    public async Task<ProgramsPage> QueryAsync(ProgramsQuery query, CancellationToken ct)
    {
        var (views, next) = await QueryViewsAsync(query, ct);
        return new ProgramsPage(views.Select(v => JsonSerializer.Deserialize(v, CatalogJson.Default.ProgramView)!).ToArray(), next);
    }

    /// <summary>The page's UTF-8 JSON, assembled from the stored views' bytes without decoding them.</summary>
    public async Task<byte[]> QueryUtf8Async(ProgramsQuery query, CancellationToken ct)
    {
        var (views, next) = await QueryViewsAsync(query, ct);
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

    private async Task<(List<byte[]> Views, string? Next)> QueryViewsAsync(ProgramsQuery query, CancellationToken ct)
    {
        var size = pageSize.Of(query.Limit);
        var after = query.Cursor is null ? default((DateTime, Guid)?) : Cursor.Position(query.Cursor);
        var table = await programs.TableAsync(ct);
        // Served by the (anchor_id, started_at, id) index for one anchor, by the (started_at, id) one across anchors.
        var sql = new StringBuilder($"SELECT id, started_at, convert_to(view, 'UTF8') FROM {table} WHERE merged_into IS NULL");
        await using var command = database.Queries.CreateCommand();
        if (query.AnchorId is { } anchorId) sql.Append($" AND anchor_id = ${Add(command, anchorId)}");
        if (!query.IncludeHidden) sql.Append(" AND NOT hidden");
        if (query.From is { } f) sql.Append($" AND started_at >= ${Add(command, f.UtcDateTime)}");
        if (query.To is { } t) sql.Append($" AND started_at < ${Add(command, t.UtcDateTime)}");
        if (after is { } a) sql.Append($" AND (started_at, id) < (${Add(command, a.Item1)}, ${Add(command, a.Item2)})");
        sql.Append($" ORDER BY started_at DESC, id DESC LIMIT ${Add(command, size + 1)}");
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
        return (views, more ? Cursor.OfPosition(last.Item1, last.Item2) : null);
    }

    private static int Add<T>(NpgsqlCommand command, T value)
    {
        command.Parameters.Add(new NpgsqlParameter<T> { TypedValue = value });
        return command.Parameters.Count;
    }
}

/// <summary><c>GET /v1/programs?anchor=&amp;from=&amp;to=&amp;limit=&amp;cursor=</c>: the page as stored bytes, with its ETag.</summary>
public static class ListProgramsEndpoint
{
    public static RouteGroupBuilder MapListPrograms(this RouteGroupBuilder v1)
    {
        v1.MapGet("/programs", HandleAsync).WithName("ListPrograms").CachedWhileUnchanged();
        return v1;
    }

    public static async Task<Results<StoredJson<ProgramsPage>, BadRequestProblem>> HandleAsync(string? anchor, int? limit, string? cursor,
        DateTimeOffset? from, DateTimeOffset? to, ListPrograms query, Principals principals, HttpContext context, CancellationToken ct)
    {
        var anchorId = string.IsNullOrEmpty(anchor) ? null : anchor;
        return await AnswerAsync(query, new ProgramsQuery(anchorId, limit, cursor, from, to, await principals.SeesHiddenAsync(context, ct)), ct);
    }

    /// <summary>A list of programs as every REST list of them answers: refused as a whole, or the stored page.</summary>
    public static async Task<Results<StoredJson<ProgramsPage>, BadRequestProblem>> AnswerAsync(ListPrograms query, ProgramsQuery programs, CancellationToken ct) =>
        query.Check(programs) is { } refused
            ? new BadRequestProblem(refused)
            : new StoredJson<ProgramsPage>(await query.QueryUtf8Async(programs, ct));
}
