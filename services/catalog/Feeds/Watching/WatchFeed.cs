using System.Runtime.CompilerServices;
using System.Text.Json;
using Catalog.Feeds.Getting;
using Catalog.Feeds.Projecting;
using Catalog.Projections;
using Catalog.Replicas;
using Npgsql;

namespace Catalog.Feeds.Watching;

/// <summary>
/// A feed now, then every later version of it in order, each as the first page of its items. The feeds projection
/// keeps each version's state and announces each commit (<see cref="FeedChanges"/>), so no version is skipped however
/// close together changes come, and a watcher that reads slowly gets the versions it missed when it reads again.
/// Hiding or restoring a listed program changes the page at the same version (the version is the feed stream's, the
/// editors' If-Match): the programs projection announces it, and the watcher is sent the page again when it changed.
/// </summary>
public sealed class WatchFeed(GetFeed getFeed, FeedChanges changes, ReadModelDatabase database, ProjectionVersions versions)
{
    private const int VersionsPerRead = 100;

    public async IAsyncEnumerable<FeedPage> WatchAsync(string feedId, int? limit, [EnumeratorCancellation] CancellationToken ct)
    {
        using var listening = changes.Listen(feedId);
        // Taken before each read, so a change committed during the read wakes the next one.
        var changed = listening.NextChange;
        // Each read is retried on the primary when its replica goes away: the stream goes on without one.
        var now = await database.ReadAsync(() => getFeed.QueryAsync(feedId, limit, null, ct)) ?? throw new NotFoundException($"There is no feed '{feedId}'.");
        yield return now;
        var sent = now;
        while (true)
        {
            await changed.WaitAsync(ct);
            changed = listening.NextChange;
            IReadOnlyList<FeedState> later;
            var pushed = false;
            do
            {
                later = await VersionsAfterAsync(feedId, sent.Version, ct);
                foreach (var state in later)
                {
                    yield return sent = await database.ReadAsync(() => getFeed.FirstPageAsync(state, limit, ct));
                    pushed = true;
                }
            }
            while (later.Count == VersionsPerRead);
            // No new version: a program in the feed may have been hidden or restored, which changes the page readers see.
            if (!pushed && await database.ReadAsync(() => getFeed.QueryAsync(feedId, limit, null, ct, minVersion: sent.Version)) is { } again
                && again.Version == sent.Version && !SamePage(again, sent))
                yield return sent = again;
        }
    }

    private static bool SamePage(FeedPage a, FeedPage b) =>
        JsonSerializer.Serialize(a, CatalogJson.Default.FeedPage) == JsonSerializer.Serialize(b, CatalogJson.Default.FeedPage);

    private async Task<IReadOnlyList<FeedState>> VersionsAfterAsync(string feedId, long after, CancellationToken ct)
    {
        var table = FeedsProjection.Versions(await versions.ServingAsync(FeedsProjection.ProjectionName, ct));
        // The read models' own database rather than Queries: the notification announced a commit there, which a replica may not show yet.
        await using var command = database.DataSource.CreateCommand($"SELECT state FROM {table} WHERE id = $1 AND version > $2 ORDER BY version LIMIT $3");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = feedId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = after });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = VersionsPerRead });
        var states = new List<FeedState>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) states.Add(JsonSerializer.Deserialize(reader.GetString(0), CatalogJson.Default.FeedState)!);
        return states;
    }
}
