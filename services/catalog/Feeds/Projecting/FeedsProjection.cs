using System.Text.Json;
using Catalog.Projections;
using Contracts.Recordings;
using EventLog;
using Npgsql;

namespace Catalog.Feeds.Projecting;

/// <summary>Replay feeds: the curated lists, where a program that disappears in a merge follows its survivor.</summary>
public sealed class FeedsProjection : IProjection
{
    public const string ProjectionName = "feeds";

    public static string Feeds(int v) => $"catalog.feeds_v{v}";
    public static string Merges(int v) => $"catalog.feed_merges_v{v}";
    public static string Versions(int v) => $"catalog.feed_versions_v{v}";

    /// <summary>The NOTIFY channel on which each commit names the feeds it changed; the payload is a feed id.</summary>
    public const string ChangedChannel = "catalog_feed_changed";

    public string Name => ProjectionName;

    public string CreateTablesSql(int v) => $"""
        CREATE TABLE IF NOT EXISTS {Feeds(v)} (
            id          text PRIMARY KEY,
            version     bigint NOT NULL,
            program_ids uuid[] NOT NULL,
            state       text NOT NULL
        );
        CREATE INDEX IF NOT EXISTS feeds_v{v}_programs ON {Feeds(v)} USING gin (program_ids);
        -- Every merge seen, so a program featured after it was merged lands on its survivor.
        CREATE TABLE IF NOT EXISTS {Merges(v)} (merged uuid PRIMARY KEY, survivor uuid NOT NULL);
        -- Every version's state, so a watcher gets each version in order however fast they come.
        CREATE TABLE IF NOT EXISTS {Versions(v)} (
            id      text NOT NULL,
            version bigint NOT NULL,
            state   text NOT NULL,
            PRIMARY KEY (id, version)
        );
        """;

    public string DropTablesSql(int v) => $"DROP TABLE IF EXISTS {Feeds(v)}, {Merges(v)}, {Versions(v)};";

    public ISubscriptionHandler Handler(int version) => new FeedsHandler(version);
}

internal sealed class FeedsHandler(int version) : ISubscriptionHandler
{
    private readonly string _feeds = FeedsProjection.Feeds(version);
    private readonly string _merges = FeedsProjection.Merges(version);
    private readonly string _versions = FeedsProjection.Versions(version);

    /// <summary>Curation events, and merges (an item follows its program's survivor); no other recording fact.</summary>
    public bool Reads(string eventType) => eventType == RecordingEventTypes.ProgramsMerged || FeedEventTypes.Names.Contains(eventType);

    public async Task HandleAsync(IReadOnlyList<RecordedEvent> events, SubscriptionContext context, CancellationToken ct)
    {
        var feedIds = new HashSet<string>();
        var merged = new List<Guid>();
        var featured = new List<Guid>();
        foreach (var e in events)
        {
            if (e.Data is ProgramsMerged m) merged.Add(m.MergedId);
            else if (e.StreamId.StartsWith(FeedEventTypes.StreamPrefix, StringComparison.Ordinal)) feedIds.Add(e.StreamId[FeedEventTypes.StreamPrefix.Length..]);
            if (e.Data is ProgramFeatured or ProgramMoved or ProgramUnfeatured) featured.Add(ProgramOf(e.Data));
        }
        if (feedIds.Count == 0 && merged.Count == 0) return;

        var feeds = await LoadFeedsAsync(feedIds, merged, context, ct);
        var survivors = await LoadMergesAsync(featured, context, ct);
        var newMerges = new List<(Guid Merged, Guid Survivor)>();
        var changed = new HashSet<string>();
        // Each version's last state in this batch: several versions of one feed can arrive together.
        var states = new Dictionary<(string Id, long Version), FeedState>();
        foreach (var e in events)
        {
            if (e.Data is ProgramsMerged m)
            {
                survivors[m.MergedId] = m.SurvivorId;
                newMerges.Add((m.MergedId, m.SurvivorId));
                foreach (var feed in feeds.Values.Where(f => f.PositionOf(m.MergedId) > 0).ToList())
                {
                    feeds[feed.Id] = states[(feed.Id, feed.Version)] = feed.FollowMerge(m.MergedId, m.SurvivorId);
                    changed.Add(feed.Id);
                }
                continue;
            }
            if (!e.StreamId.StartsWith(FeedEventTypes.StreamPrefix, StringComparison.Ordinal)) continue;
            var id = e.StreamId[FeedEventTypes.StreamPrefix.Length..];
            var data = e.Data switch
            {
                ProgramFeatured x => x with { ProgramId = Follow(survivors, x.ProgramId) },
                ProgramMoved x => x with { ProgramId = Follow(survivors, x.ProgramId) },
                ProgramUnfeatured x => x with { ProgramId = Follow(survivors, x.ProgramId) },
                var other => other,
            };
            if (FeedState.Evolve(feeds.GetValueOrDefault(id), data, e.StreamVersion) is { } next)
            {
                feeds[id] = states[(id, next.Version)] = next;
                changed.Add(id);
            }
        }
        await SaveAsync(changed.Select(id => feeds[id]).ToList(), newMerges, states.Values.ToList(), context, ct);
    }

    private static Guid ProgramOf(object data) => data switch
    {
        ProgramFeatured x => x.ProgramId,
        ProgramMoved x => x.ProgramId,
        ProgramUnfeatured x => x.ProgramId,
        _ => Guid.Empty,
    };

    private static Guid Follow(Dictionary<Guid, Guid> survivors, Guid id)
    {
        for (var hops = 0; hops < 32 && survivors.TryGetValue(id, out var next); hops++) id = next;
        return id;
    }

    private async Task<Dictionary<string, FeedState>> LoadFeedsAsync(HashSet<string> ids, List<Guid> merged, SubscriptionContext context, CancellationToken ct)
    {
        await using var command = context.Command($"SELECT state FROM {_feeds} WHERE id = ANY($1) OR program_ids && $2");
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = ids.ToArray() });
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = merged.ToArray() });
        var feeds = new Dictionary<string, FeedState>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var feed = JsonSerializer.Deserialize(reader.GetString(0), CatalogJson.Default.FeedState)!;
            feeds[feed.Id] = feed;
        }
        return feeds;
    }

    private async Task<Dictionary<Guid, Guid>> LoadMergesAsync(List<Guid> featured, SubscriptionContext context, CancellationToken ct)
    {
        var survivors = new Dictionary<Guid, Guid>();
        if (featured.Count == 0) return survivors;
        await using var command = context.Command($"""
            WITH RECURSIVE chain(merged, survivor, depth) AS (
                SELECT merged, survivor, 0 FROM {_merges} WHERE merged = ANY($1)
                UNION ALL
                SELECT m.merged, m.survivor, c.depth + 1 FROM chain c JOIN {_merges} m ON m.merged = c.survivor WHERE c.depth < 32)
            SELECT DISTINCT merged, survivor FROM chain
            """);
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = featured.ToArray() });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) survivors[reader.GetGuid(0)] = reader.GetGuid(1);
        return survivors;
    }

    private async Task SaveAsync(List<FeedState> feeds, List<(Guid Merged, Guid Survivor)> merges, List<FeedState> versions,
        SubscriptionContext context, CancellationToken ct)
    {
        await using var batch = context.Batch();
        if (merges.Count > 0)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand($"""
                INSERT INTO {_merges} (merged, survivor) SELECT * FROM unnest($1::uuid[], $2::uuid[])
                ON CONFLICT (merged) DO UPDATE SET survivor = excluded.survivor
                """)
            {
                Parameters =
                {
                    new NpgsqlParameter<Guid[]> { TypedValue = merges.Select(m => m.Merged).ToArray() },
                    new NpgsqlParameter<Guid[]> { TypedValue = merges.Select(m => m.Survivor).ToArray() },
                },
            });
        }
        foreach (var feed in feeds)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand($"""
                INSERT INTO {_feeds} (id, version, program_ids, state) VALUES ($1, $2, $3, $4)
                ON CONFLICT (id) DO UPDATE SET version = excluded.version, program_ids = excluded.program_ids, state = excluded.state
                """)
            {
                Parameters =
                {
                    new NpgsqlParameter<string> { TypedValue = feed.Id },
                    new NpgsqlParameter<long> { TypedValue = feed.Version },
                    new NpgsqlParameter<Guid[]> { TypedValue = feed.Items.Select(i => i.ProgramId).ToArray() },
                    new NpgsqlParameter<string> { TypedValue = JsonSerializer.Serialize(feed, CatalogJson.Default.FeedState) },
                },
            });
        }
        if (versions.Count > 0)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand($"""
                INSERT INTO {_versions} (id, version, state) SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[])
                ON CONFLICT (id, version) DO UPDATE SET state = excluded.state
                """)
            {
                Parameters =
                {
                    new NpgsqlParameter<string[]> { TypedValue = versions.Select(f => f.Id).ToArray() },
                    new NpgsqlParameter<long[]> { TypedValue = versions.Select(f => f.Version).ToArray() },
                    new NpgsqlParameter<string[]> { TypedValue = versions.Select(f => JsonSerializer.Serialize(f, CatalogJson.Default.FeedState)).ToArray() },
                },
            });
        }
        if (feeds.Count > 0)
        {
            // Sent inside the transaction, so PostgreSQL delivers it at commit, once the rows above are visible. Appends
            // avoid this (it serialises commits); curation comes at an editor's pace.
            batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT pg_notify($1, id) FROM unnest($2::text[]) AS id")
            {
                Parameters =
                {
                    new NpgsqlParameter<string> { TypedValue = FeedsProjection.ChangedChannel },
                    new NpgsqlParameter<string[]> { TypedValue = feeds.Select(f => f.Id).ToArray() },
                },
            });
        }
        if (batch.BatchCommands.Count > 0) await batch.ExecuteNonQueryAsync(ct);
    }
}
