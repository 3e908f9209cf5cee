using EventLog;
using Npgsql;

namespace Ingest.Reconciling;

public enum RunKind { Scheduled, Requested }

/// <summary>A reconciliation run: a window of creation times scanned once, scheduled or asked for by an operator.</summary>
public sealed record ReconcileRun(
    long Id,
    string Provider,
    RunKind Kind,
    DateTimeOffset From,
    DateTimeOffset To,
    DateTimeOffset RequestedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? Outcome,
    DateTimeOffset? ScannedTo,
    RunCounts Counts,
    string? Error);

/// <summary>What a run saw: files listed, appended because their callback never came, already known, unreadable; and how often it was throttled.</summary>
public sealed record RunCounts(int Found = 0, int Recovered = 0, int Duplicates = 0, int Unreadable = 0, int Throttled = 0);

/// <summary>
/// The reconciler's tables in ingest's own schema: <c>ingest.reconcile_watermarks</c> (per provider, the creation time
/// up to which everything was scanned) and <c>ingest.reconcile_runs</c> (every run, and the operators' pending requests).
/// </summary>
public sealed class ReconcileStore(NpgsqlDataSource dataSource, EventStoreOptions eventLog)
{
    public const string NotifyChannel = "ingest_reconcile";
    // The quarantine's key: all of ingest's DDL is serialised, so two migrations never race to create the schema.
    private const long MigrationLockKey = 0x494E_4745_5354_5131;
    private volatile bool _schemaReady;

    // The runner's advisory lock lives as long as its connection: an unpooled one, so closing it releases the lock.
    private readonly Lazy<NpgsqlDataSource> _dedicated = new(() =>
        new NpgsqlDataSourceBuilder(eventLog.ConnectionString) { ConnectionStringBuilder = { Pooling = false } }.Build());

    public ValueTask<NpgsqlConnection> OpenDedicatedAsync(CancellationToken ct) => _dedicated.Value.OpenConnectionAsync(ct);

    public static async Task<bool> TryLockAsync(NpgsqlConnection connection, string provider, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(hashtextextended($1, 0))", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = LockName(provider) });
        return await command.ExecuteScalarAsync(ct) is true;
    }

    public static string LockName(string provider) => $"ingest.reconcile.{provider}";

    /// <summary>Queues an operator's run and wakes whichever replica runs the reconciler.</summary>
    public async Task<ReconcileRun> RequestAsync(string provider, DateTimeOffset from, DateTimeOffset to, DateTimeOffset now, CancellationToken ct)
    {
        await EnsureSchemaAsync(ct);
        await using var command = dataSource.CreateCommand($"""
            INSERT INTO ingest.reconcile_runs (provider, kind, window_from, window_to, requested_at) VALUES ($1, 'requested', $2, $3, $4)
            RETURNING {Columns}
            """);
        AddParameters(command, provider, from, to, now);
        var run = (await ReadAsync(command, ct))[0];
        await using var notify = dataSource.CreateCommand($"NOTIFY {NotifyChannel}");
        await notify.ExecuteNonQueryAsync(ct);
        return run;
    }

    /// <summary>Records a scheduled run as started now.</summary>
    public async Task<ReconcileRun> StartScheduledAsync(string provider, DateTimeOffset from, DateTimeOffset to, DateTimeOffset now, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"""
            INSERT INTO ingest.reconcile_runs (provider, kind, window_from, window_to, requested_at, started_at) VALUES ($1, 'scheduled', $2, $3, $4, $4)
            RETURNING {Columns}
            """);
        AddParameters(command, provider, from, to, now);
        return (await ReadAsync(command, ct))[0];
    }

    /// <summary>Takes the oldest pending request of a provider, marking it started.</summary>
    public async Task<ReconcileRun?> TakeRequestedAsync(string provider, DateTimeOffset now, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"""
            UPDATE ingest.reconcile_runs SET started_at = $2
            WHERE id = (SELECT id FROM ingest.reconcile_runs WHERE provider = $1 AND started_at IS NULL ORDER BY id LIMIT 1)
            RETURNING {Columns}
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = provider });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        return (await ReadAsync(command, ct)).SingleOrDefault();
    }

    /// <summary>A runner that died mid-run left it unfinished: a scheduled run is closed (the watermark says how far it got), a request queued again.</summary>
    public async Task RecoverInterruptedAsync(string provider, DateTimeOffset now, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE ingest.reconcile_runs SET finished_at = $2, outcome = 'interrupted', error = 'the replica running it stopped'
            WHERE provider = $1 AND kind = 'scheduled' AND started_at IS NOT NULL AND finished_at IS NULL;
            UPDATE ingest.reconcile_runs SET started_at = NULL
            WHERE provider = $1 AND kind = 'requested' AND started_at IS NOT NULL AND finished_at IS NULL
            """.Replace("$1", "@provider").Replace("$2", "@now"));
        command.Parameters.AddWithValue("provider", provider);
        command.Parameters.AddWithValue("now", now);
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task ProgressAsync(long id, RunCounts counts, DateTimeOffset scannedTo, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE ingest.reconcile_runs SET scanned_to = $2, found = $3, recovered = $4, duplicates = $5, unreadable = $6, throttled = $7
            WHERE id = $1
            """);
        AddProgress(command, id, counts, scannedTo);
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task FinishAsync(long id, string outcome, string? error, RunCounts counts, DateTimeOffset? scannedTo, DateTimeOffset now, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE ingest.reconcile_runs SET scanned_to = $2, found = $3, recovered = $4, duplicates = $5, unreadable = $6, throttled = $7,
                   outcome = $8, error = $9, finished_at = $10
            WHERE id = $1
            """);
        AddProgress(command, id, counts, scannedTo);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = outcome });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)error ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<DateTimeOffset?> WatermarkAsync(string provider, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("SELECT scanned_to FROM ingest.reconcile_watermarks WHERE provider = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = provider });
        return await command.ExecuteScalarAsync(ct) is DateTime value ? new DateTimeOffset(value, TimeSpan.Zero) : null;
    }

    /// <summary>Everything created up to <paramref name="scannedTo"/> was listed and appended; the watermark never moves back.</summary>
    public async Task AdvanceWatermarkAsync(string provider, DateTimeOffset scannedTo, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO ingest.reconcile_watermarks (provider, scanned_to) VALUES ($1, $2)
            ON CONFLICT (provider) DO UPDATE SET scanned_to = GREATEST(ingest.reconcile_watermarks.scanned_to, excluded.scanned_to)
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = provider });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = scannedTo });
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>When the last scheduled run started (on any replica): the next is due an interval later.</summary>
    public async Task<DateTimeOffset?> LastScheduledAsync(string provider, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT max(started_at) FROM ingest.reconcile_runs WHERE provider = $1 AND kind = 'scheduled'");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = provider });
        return await command.ExecuteScalarAsync(ct) is DateTime value ? new DateTimeOffset(value, TimeSpan.Zero) : null;
    }

    public async Task<ReconcileRun?> GetAsync(long id, CancellationToken ct)
    {
        await EnsureSchemaAsync(ct);
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM ingest.reconcile_runs WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
        return (await ReadAsync(command, ct)).SingleOrDefault();
    }

    /// <summary>A provider's runs, newest first: the pending requests, then the last <paramref name="limit"/> started.</summary>
    public async Task<IReadOnlyList<ReconcileRun>> RunsAsync(string provider, int limit, CancellationToken ct)
    {
        await EnsureSchemaAsync(ct);
        await using var command = dataSource.CreateCommand($"""
            (SELECT {Columns} FROM ingest.reconcile_runs WHERE provider = $1 AND started_at IS NULL ORDER BY id DESC)
            UNION ALL
            (SELECT {Columns} FROM ingest.reconcile_runs WHERE provider = $1 AND started_at IS NOT NULL ORDER BY id DESC LIMIT $2)
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = provider });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        return await ReadAsync(command, ct);
    }

    public async Task<long> RecoveredTotalAsync(string provider, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("SELECT coalesce(sum(recovered), 0)::bigint FROM ingest.reconcile_runs WHERE provider = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = provider });
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    private const string Columns =
        "id, provider, kind, window_from, window_to, requested_at, started_at, finished_at, outcome, scanned_to, found, recovered, duplicates, unreadable, throttled, error";

    private static void AddParameters(NpgsqlCommand command, string provider, DateTimeOffset from, DateTimeOffset to, DateTimeOffset now)
    {
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = provider });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = from });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = to });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
    }

    private static void AddProgress(NpgsqlCommand command, long id, RunCounts counts, DateTimeOffset? scannedTo)
    {
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)scannedTo ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = counts.Found });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = counts.Recovered });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = counts.Duplicates });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = counts.Unreadable });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = counts.Throttled });
    }

    private static async Task<IReadOnlyList<ReconcileRun>> ReadAsync(NpgsqlCommand command, CancellationToken ct)
    {
        var runs = new List<ReconcileRun>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            DateTimeOffset? Time(int i) => reader.IsDBNull(i) ? null : reader.GetFieldValue<DateTimeOffset>(i);
            runs.Add(new ReconcileRun(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2) == "scheduled" ? RunKind.Scheduled : RunKind.Requested,
                reader.GetFieldValue<DateTimeOffset>(3), reader.GetFieldValue<DateTimeOffset>(4), reader.GetFieldValue<DateTimeOffset>(5),
                Time(6), Time(7), reader.IsDBNull(8) ? null : reader.GetString(8), Time(9),
                new RunCounts(reader.GetInt32(10), reader.GetInt32(11), reader.GetInt32(12), reader.GetInt32(13), reader.GetInt32(14)),
                reader.IsDBNull(15) ? null : reader.GetString(15)));
        }
        return runs;
    }

    public async Task EnsureSchemaAsync(CancellationToken ct)
    {
        if (_schemaReady) return;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        // Replicas starting together migrate once: the others wait for the lock, then find the tables there.
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection, tx))
        {
            lockCommand.Parameters.Add(new NpgsqlParameter<long> { TypedValue = MigrationLockKey });
            await lockCommand.ExecuteNonQueryAsync(ct);
        }
        await using (var ddl = new NpgsqlCommand(Schema, connection, tx)) await ddl.ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
        _schemaReady = true;
    }

    private const string Schema = """
        CREATE SCHEMA IF NOT EXISTS ingest;
        CREATE TABLE IF NOT EXISTS ingest.reconcile_watermarks (
            provider   text PRIMARY KEY,
            scanned_to timestamptz NOT NULL
        );
        CREATE TABLE IF NOT EXISTS ingest.reconcile_runs (
            id           bigserial PRIMARY KEY,
            provider     text NOT NULL,
            kind         text NOT NULL CHECK (kind IN ('scheduled', 'requested')),
            window_from  timestamptz NOT NULL,
            window_to    timestamptz NOT NULL,
            requested_at timestamptz NOT NULL,
            started_at   timestamptz,
            finished_at  timestamptz,
            outcome      text,
            scanned_to   timestamptz,
            found        integer NOT NULL DEFAULT 0,
            recovered    integer NOT NULL DEFAULT 0,
            duplicates   integer NOT NULL DEFAULT 0,
            unreadable   integer NOT NULL DEFAULT 0,
            throttled    integer NOT NULL DEFAULT 0,
            error        text
        );
        CREATE INDEX IF NOT EXISTS reconcile_runs_pending ON ingest.reconcile_runs (provider, id) WHERE started_at IS NULL;
        """;
}
