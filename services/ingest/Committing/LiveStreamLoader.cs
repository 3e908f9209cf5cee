using EventLog;
using Ingest.LiveStreams;
using Npgsql;

namespace Ingest.Committing;

/// <summary>
/// Folds the states of many live streams in one query. The event store reads one stream per round trip; a batch of
/// callbacks for new streams would otherwise cost one read each, so this reads the log's table directly.
/// </summary>
internal sealed class LiveStreamLoader(EventStore store)
{
    public async Task<Dictionary<string, CachedStream>> LoadAsync(IReadOnlyCollection<string> streamIds, CancellationToken ct)
    {
        var states = streamIds.ToDictionary(id => id, _ => new CachedStream(LiveStream.Empty, 0), StringComparer.Ordinal);
        if (streamIds.Count == 0) return states;
        await using var command = store.DataSource.CreateCommand($"""
            SELECT stream_id, stream_version, event_type, data::text, idempotency_key FROM {store.Schema}.events
            WHERE stream_id = ANY($1) ORDER BY stream_id, stream_version
            """);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. streamIds] });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var id = reader.GetString(0);
            var data = store.Types.Deserialize(reader.GetString(2), reader.GetString(3));
            var key = reader.IsDBNull(4) ? null : reader.GetString(4);
            var current = states[id];
            states[id] = new CachedStream(current.State.Evolve(key, [data]), reader.GetInt64(1));
        }
        return states;
    }
}
