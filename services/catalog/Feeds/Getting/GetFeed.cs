using System.Globalization;
using System.Text.Json;
using Catalog.Feeds.Curating;
using Catalog.Feeds.Projecting;
using Catalog.Caching;
using Catalog.Hosting;
using Catalog.Paging;
using Catalog.Programs;
using Catalog.Projections;
using Catalog.SigningIn;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Catalog.Feeds.Getting;

public sealed record FeedPage(
    string Id,
    string Title,
    long Version,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int TotalItems,
    IReadOnlyList<FeedPageItem> Items,
    string? NextCursor);

/// <summary>An item in editorial order with its program (as it answers now: a merged program shows its survivor).</summary>
public sealed record FeedPageItem(int Position, Guid ProgramId, string? Note, string FeaturedBy, DateTimeOffset FeaturedAt, ProgramView? Program);

/// <summary>
/// A feed's items in editorial order, a page at a time, each with its program. Hidden programs are left out (and not
/// counted) except for editors, who see them with their <c>hidden</c> note.
/// </summary>
public sealed class GetFeed(ReadModelDatabase database, ProjectionVersions versions, ProgramsReadModel programs, PageSize pageSize)
{
    /// <param name="minVersion">Read your writes: a replica that has not reached this version of the feed yet is not asked; the primary is.</param>
    public async Task<FeedPage?> QueryAsync(string feedId, int? limit, string? cursor, CancellationToken ct, bool includeHidden = false, long? minVersion = null)
    {
        CurateFeed.ValidateId(feedId);
        var size = pageSize.Of(limit);
        var offset = cursor is null ? 0 : Cursor.Offset(cursor);
        var table = FeedsProjection.Feeds(await versions.ServingAsync(FeedsProjection.ProjectionName, ct));
        var source = database.Queries;
        var feed = await ReadStateAsync(source, table, feedId, ct);
        if (minVersion is { } min && (feed?.Version ?? 0) < min && source != database.DataSource)
            feed = await ReadStateAsync(database.DataSource, table, feedId, ct);
        return feed is null ? null : await PageAsync(feed, size, offset, ct, includeHidden);
    }

    /// <summary>The first page of a given state of a feed (one of the versions a watcher is sent), as readers see it.</summary>
    public Task<FeedPage> FirstPageAsync(FeedState feed, int? limit, CancellationToken ct) => PageAsync(feed, pageSize.Of(limit), 0, ct, includeHidden: false);

    private async Task<FeedPage> PageAsync(FeedState feed, int size, int offset, CancellationToken ct, bool includeHidden)
    {
        if (!includeHidden)
        {
            var hidden = await programs.HiddenAmongAsync(feed.Items.Select(i => i.ProgramId).ToArray(), ct);
            if (hidden.Count > 0) feed = feed with { Items = feed.Items.Where(i => !hidden.Contains(i.ProgramId)).ToArray() };
        }
        var page = feed.Items.Skip(offset).Take(size).ToArray();
        var found = await programs.ResolveManyAsync(page.Select(i => i.ProgramId).ToArray(), ct, includeHidden);
        var items = page.Select((item, i) => new FeedPageItem(offset + i + 1, item.ProgramId, item.Note, item.FeaturedBy, item.FeaturedAt,
            found.TryGetValue(item.ProgramId, out var p) ? JsonSerializer.Deserialize(p.View, CatalogJson.Default.ProgramView) : null)).ToArray();
        var next = offset + size < feed.Items.Count ? Cursor.OfOffset(offset + size) : null;
        return new FeedPage(feed.Id, feed.Title, feed.Version, feed.CreatedBy, feed.CreatedAt, feed.UpdatedAt, feed.Items.Count, items, next);
    }

    private static async Task<FeedState?> ReadStateAsync(NpgsqlDataSource source, string table, string feedId, CancellationToken ct)
    {
        await using var command = source.CreateCommand($"SELECT state FROM {table} WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = feedId });
        return await command.ExecuteScalarAsync(ct) is string json ? JsonSerializer.Deserialize(json, CatalogJson.Default.FeedState) : null;
    }

    /// <summary>The feed version an <c>If-None-Match</c> of this feed's ETag (<c>"version-hash"</c>) names: its reader has seen at least that.</summary>
    internal static long? VersionIn(string ifNoneMatch)
    {
        var tag = ifNoneMatch.Split(',')[0].Trim().TrimStart('W', '/').Trim('"');
        var dash = tag.IndexOf('-');
        return long.TryParse(dash > 0 ? tag.AsSpan(0, dash) : tag, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
    }
}

/// <summary><c>GET /v1/feeds/{feedId}?limit=&amp;cursor=&amp;minVersion=</c>.</summary>
public static class GetFeedEndpoint
{
    public static RouteGroupBuilder MapGetFeed(this RouteGroupBuilder v1)
    {
        v1.MapGet("/feeds/{feedId}", HandleAsync).WithName("GetFeed").CachedWhileUnchanged();
        return v1;
    }

    /// <summary>
    /// The ETag starts with the feed's version, so an editor can send it back as If-Match. A reader that has seen a
    /// version (<c>minVersion</c>, or the ETag of a write or a read in <c>If-None-Match</c>) never gets an older one.
    /// </summary>
    public static async Task<Results<StoredJson<FeedPage>, BadRequestProblem, NotFoundProblem>> HandleAsync(string feedId, int? limit, string? cursor,
        long? minVersion, GetFeed query, PageSize pageSize, Principals principals, HttpContext context, CancellationToken ct)
    {
        if ((CurateFeed.CheckId(feedId) ?? pageSize.Check(limit) ?? Cursor.CheckOffset(cursor)) is { } refused) return new BadRequestProblem(refused);
        var atLeast = minVersion ?? GetFeed.VersionIn(context.Request.Headers.IfNoneMatch.ToString());
        if (await query.QueryAsync(feedId, limit, cursor, ct, await principals.SeesHiddenAsync(context, ct), atLeast) is not { } page)
            return Problems.NotFound($"There is no feed '{feedId}'.");
        var json = JsonSerializer.Serialize(page, CatalogJson.Default.FeedPage);
        return new StoredJson<FeedPage>(json, $"\"{page.Version}-{StoredJson.Tag(json).Trim('"')}\"");
    }
}
