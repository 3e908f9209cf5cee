using System.Text.Json;
using EventLog;
using Npgsql;
using NpgsqlTypes;

namespace Ingest.Quarantine;

/// <summary>A refused callback as received: the evidence, kept so that nothing sent to us is lost.</summary>
public sealed record QuarantineEntry(
    string Provider,
    string Path,
    string Reason,
    string Detail,
    int StatusCode,
    IReadOnlyDictionary<string, string> Headers,
    byte[] Body,
    long? BodyLength,
    bool BodyTruncated);

public sealed record QuarantinedCallback(
    long Id,
    DateTimeOffset ReceivedAt,
    QuarantineEntry Entry,
    DateTimeOffset? ReplayedAt,
    int? ReplayStatus,
    string? ReplayDetail);

/// <summary>The <c>ingest.quarantine</c> table.</summary>
public sealed class QuarantineStore(NpgsqlDataSource dataSource, TimeProvider clock)
{
    private volatile bool _schemaReady;

    public async Task<long> AddAsync(QuarantineEntry entry, CancellationToken ct)
    {
        await EnsureSchemaAsync(ct);
        await using var command = dataSource.CreateCommand("""
            INSERT INTO ingest.quarantine (received_at, provider, path, reason, detail, status_code, headers, body, body_length, body_truncated)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id
            """);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = clock.GetUtcNow() });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = entry.Provider });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = entry.Path });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = entry.Reason });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = entry.Detail });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = entry.StatusCode });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = JsonSerializer.Serialize(entry.Headers), NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = entry.Body });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)entry.BodyLength ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = entry.BodyTruncated });
        var id = (long)(await command.ExecuteScalarAsync(ct))!;
        IngestTelemetry.Quarantined.Add(1, new KeyValuePair<string, object?>("reason", entry.Reason));
        return id;
    }

    public async Task<IReadOnlyList<QuarantinedCallback>> ListAsync(bool pendingOnly, long afterId, int limit, CancellationToken ct)
    {
        await EnsureSchemaAsync(ct);
        await using var command = dataSource.CreateCommand($"""
            SELECT {Columns} FROM ingest.quarantine
            WHERE id > $1 {(pendingOnly ? "AND replayed_at IS NULL" : "")} ORDER BY id LIMIT $2
            """);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = afterId });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        return await ReadAsync(command, ct);
    }

    public async Task<long> CountPendingAsync(CancellationToken ct)
    {
        await EnsureSchemaAsync(ct);
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM ingest.quarantine WHERE replayed_at IS NULL");
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    public async Task<QuarantinedCallback?> GetAsync(long id, CancellationToken ct)
    {
        await EnsureSchemaAsync(ct);
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM ingest.quarantine WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
        return (await ReadAsync(command, ct)).SingleOrDefault();
    }

    /// <summary>Records a replay's outcome; a successful one marks the entry done (it leaves the pending list).</summary>
    public async Task RecordReplayAsync(long id, int status, string detail, bool succeeded, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE ingest.quarantine SET replay_status = $2, replay_detail = $3, replay_attempts = replay_attempts + 1,
                   replayed_at = CASE WHEN $4 THEN $5 ELSE replayed_at END
            WHERE id = $1
            """);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = status });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = detail });
        command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = succeeded });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = clock.GetUtcNow() });
        await command.ExecuteNonQueryAsync(ct);
    }

    private const string Columns =
        "id, received_at, provider, path, reason, detail, status_code, headers::text, body, body_length, body_truncated, replayed_at, replay_status, replay_detail";

    private static async Task<IReadOnlyList<QuarantinedCallback>> ReadAsync(NpgsqlCommand command, CancellationToken ct)
    {
        var list = new List<QuarantinedCallback>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var entry = new QuarantineEntry(reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetInt32(6),
                JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(7)) ?? [],
                reader.GetFieldValue<byte[]>(8), reader.IsDBNull(9) ? null : reader.GetInt64(9), reader.GetBoolean(10));
            list.Add(new QuarantinedCallback(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), entry,
                reader.IsDBNull(11) ? null : reader.GetFieldValue<DateTimeOffset>(11),
                reader.IsDBNull(12) ? null : reader.GetInt32(12),
                reader.IsDBNull(13) ? null : reader.GetString(13)));
        }
        return list;
    }

    private async Task EnsureSchemaAsync(CancellationToken ct)
    {
        if (_schemaReady) return;
        await SchemaMigration.RunAsync(dataSource, "ingest.schema", Ddl, ct);
        _schemaReady = true;
    }

    private const string Ddl = """
        CREATE SCHEMA IF NOT EXISTS ingest;
        CREATE TABLE IF NOT EXISTS ingest.quarantine (
            id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            received_at     timestamptz NOT NULL,
            provider        text    NOT NULL,
            path            text    NOT NULL,
            reason          text    NOT NULL,
            detail          text    NOT NULL,
            status_code     int     NOT NULL,
            headers         jsonb   NOT NULL,
            body            bytea   NOT NULL,
            body_length     bigint,
            body_truncated  boolean NOT NULL,
            replayed_at     timestamptz,
            replay_status   int,
            replay_detail   text,
            replay_attempts int     NOT NULL DEFAULT 0
        );
        CREATE INDEX IF NOT EXISTS quarantine_pending ON ingest.quarantine (id) WHERE replayed_at IS NULL;
        """;
}
