using Catalog.Caching;
using Catalog.Paging;
using Catalog.Programs;
using Catalog.Projections;
using Catalog.SigningIn;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Catalog.Anchors.Listing;

/// <summary>An anchor with how many programs it has and when the newest one started.</summary>
public sealed record AnchorSummary(string AnchorId, int ProgramCount, DateTimeOffset LatestProgramAt);

public sealed record AnchorsPage(IReadOnlyList<AnchorSummary> Items, string? NextCursor);

/// <summary>
/// Anchors in id order, optionally those whose id starts with a prefix, a page at a time (the cursor is the last
/// anchor's id). Hidden programs are not counted, except for editors.
/// </summary>
public sealed class ListAnchors(ProgramsReadModel programs, ReadModelDatabase database, PageSize pageSize)
{
    public async Task<AnchorsPage> QueryAsync(string? prefix, int? limit, string? cursor, bool includeHidden, CancellationToken ct)
    {
        var size = pageSize.Of(limit);
        var after = cursor is null ? null : Cursor.Key(cursor);
        // The anchor index yields rows in anchor order, so the aggregate stops after the page's anchors.
        await using var command = database.Queries.CreateCommand($"""
            SELECT anchor_id, count(*)::int, max(started_at) FROM {await programs.TableAsync(ct)}
            WHERE merged_into IS NULL AND ($1 OR NOT hidden) AND ($2::text IS NULL OR starts_with(anchor_id, $2)) AND ($3::text IS NULL OR anchor_id > $3)
            GROUP BY anchor_id ORDER BY anchor_id LIMIT $4
            """);
        command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = includeHidden });
        command.Parameters.Add(new NpgsqlParameter { Value = string.IsNullOrEmpty(prefix) ? DBNull.Value : prefix, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)after ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = size + 1 });
        var items = new List<AnchorSummary>(size + 1);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            items.Add(new AnchorSummary(reader.GetString(0), reader.GetInt32(1), reader.GetFieldValue<DateTimeOffset>(2)));
        return items.Count > size
            ? new AnchorsPage(items.GetRange(0, size), Cursor.OfKey(items[size - 1].AnchorId))
            : new AnchorsPage(items, null);
    }
}

/// <summary><c>GET /v1/anchors?prefix=&amp;limit=&amp;cursor=</c>.</summary>
public static class ListAnchorsEndpoint
{
    public static RouteGroupBuilder MapListAnchors(this RouteGroupBuilder v1)
    {
        v1.MapGet("/anchors", HandleAsync).WithName("ListAnchors").CachedWhileUnchanged();
        return v1;
    }

    public static async Task<Results<Ok<AnchorsPage>, BadRequestProblem>> HandleAsync(string? prefix, int? limit, string? cursor, ListAnchors query,
        PageSize pageSize, Principals principals, HttpContext context, CancellationToken ct)
    {
        if ((pageSize.Check(limit) ?? Cursor.CheckKey(cursor)) is { } refused) return new BadRequestProblem(refused);
        return TypedResults.Ok(await query.QueryAsync(prefix, limit, cursor, await principals.SeesHiddenAsync(context, ct), ct));
    }
}
