using System.Diagnostics;
using Contracts.Recordings;
using Catalog.Feeds;
using Catalog.Programs.Moderating;
using EventLog;
using Npgsql;
using NpgsqlTypes;

namespace Benchmarks;

/// <summary>Appends a realistic log to the event log with binary COPY, a chunk at a time (only the COPY is timed).</summary>
public static class ScaleLoad
{
    private const int Chunk = 200_000;

    public static async Task<(long Rows, double CopyRate)> CopyAsync(string connectionString, RealisticLog log)
    {
        var types = new EventTypeRegistry().Register(RecordingEventTypes.All).AddFeedEvents().AddModerationEvents();
        await using var db = NpgsqlDataSource.Create(connectionString);
        await EventLogSchema.EnsureAsync(db, "eventlog");
        // Streams already in the log (curation feeds, earlier appends) continue from their versions.
        var versions = new Dictionary<string, long>();
        await using (var existing = db.CreateCommand("SELECT stream_id, version FROM eventlog.streams"))
        await using (var reader = await existing.ExecuteReaderAsync())
            while (await reader.ReadAsync()) versions[reader.GetString(0)] = reader.GetInt64(1);
        var chunk = new List<(string Stream, long Version, Guid Id, string Type, string Json, DateTimeOffset At)>(Chunk);
        var copying = TimeSpan.Zero;
        long rows = 0;
        foreach (var (streamId, data, at) in log.Events())
        {
            var version = versions[streamId] = versions.GetValueOrDefault(streamId) + 1;
            chunk.Add((streamId, version, Guid.CreateVersion7(at), types.NameOf(data.GetType()), types.Serialize(data), at));
            if (chunk.Count < Chunk) continue;
            copying += await WriteAsync(db, chunk);
            rows += chunk.Count;
            chunk.Clear();
        }
        copying += await WriteAsync(db, chunk);
        rows += chunk.Count;
        await using (var streams = db.CreateCommand("""
            INSERT INTO eventlog.streams (stream_id, version) SELECT * FROM unnest($1::text[], $2::bigint[])
            ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version
            """))
        {
            streams.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = versions.Keys.ToArray() });
            streams.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = versions.Values.ToArray() });
            await streams.ExecuteNonQueryAsync();
        }
        await using (var analyze = db.CreateCommand("VACUUM ANALYZE eventlog.events")) await analyze.ExecuteNonQueryAsync();
        return (rows, rows / copying.TotalSeconds);
    }

    private static async Task<TimeSpan> WriteAsync(NpgsqlDataSource db, List<(string Stream, long Version, Guid Id, string Type, string Json, DateTimeOffset At)> rows)
    {
        await using var connection = await db.OpenConnectionAsync();
        var watch = Stopwatch.StartNew();
        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY eventlog.events (stream_id, stream_version, event_id, event_type, data, recorded_at) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var row in rows)
            {
                await writer.StartRowAsync();
                await writer.WriteAsync(row.Stream, NpgsqlDbType.Text);
                await writer.WriteAsync(row.Version, NpgsqlDbType.Bigint);
                await writer.WriteAsync(row.Id, NpgsqlDbType.Uuid);
                await writer.WriteAsync(row.Type, NpgsqlDbType.Text);
                await writer.WriteAsync(row.Json, NpgsqlDbType.Jsonb);
                await writer.WriteAsync(row.At, NpgsqlDbType.TimestampTz);
            }
            await writer.CompleteAsync();
        }
        return watch.Elapsed;
    }
}
