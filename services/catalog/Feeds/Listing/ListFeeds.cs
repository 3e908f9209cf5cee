using System.Text.Json;
using Catalog.Caching;
using Catalog.Feeds.Projecting;
using Catalog.Programs;
using Catalog.Projections;
using Catalog.SigningIn;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Catalog.Feeds.Listing;

/// <summary>A feed at a glance; <c>version</c> is the ETag to send as If-Match when editing it.</summary>
public sealed record FeedSummary(string Id, string Title, int ItemCount, long Version, DateTimeOffset UpdatedAt);

public sealed record FeedList(IReadOnlyList<FeedSummary> Items);

/// <summary>Every replay feed, by id. The item count leaves hidden programs out, except for editors.</summary>
public sealed class ListFeeds(ReadModelDatabase database, ProjectionVersions versions, ProgramsReadModel programs)
{
    public async Task<FeedList> QueryAsync(bool includeHidden, CancellationToken ct)
    {
        var table = FeedsProjection.Feeds(await versions.ServingAsync(FeedsProjection.ProjectionName, ct));
        await using var command = database.Queries.CreateCommand($"SELECT state FROM {table} ORDER BY id");
        var feeds = new List<FeedState>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) feeds.Add(JsonSerializer.Deserialize(reader.GetString(0), CatalogJson.Default.FeedState)!);
        var hidden = includeHidden ? [] : await programs.HiddenAmongAsync(feeds.SelectMany(f => f.Items.Select(i => i.ProgramId)).ToArray(), ct);
        return new FeedList(feeds.Select(f => new FeedSummary(f.Id, f.Title, f.Items.Count(i => !hidden.Contains(i.ProgramId)), f.Version, f.UpdatedAt)).ToArray());
    }
}

/// <summary><c>GET /v1/feeds</c>.</summary>
public static class ListFeedsEndpoint
{
    public static RouteGroupBuilder MapListFeeds(this RouteGroupBuilder v1)
    {
        v1.MapGet("/feeds", HandleAsync).WithName("ListFeeds").CachedWhileUnchanged();
        return v1;
    }

    public static async Task<Ok<FeedList>> HandleAsync(ListFeeds query, Principals principals, HttpContext context, CancellationToken ct) =>
        TypedResults.Ok(await query.QueryAsync(await principals.SeesHiddenAsync(context, ct), ct));
}
