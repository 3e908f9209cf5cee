using System.Diagnostics;
using System.Globalization;
using System.Text;
using EventLog;
using Npgsql;

namespace Benchmarks;

/// <summary>
/// The server's own counters around a measured window (WAL records, full-page images and bytes, checkpoints and the
/// buffers they wrote, shared-buffer reads and hits per relation), so a figure that grows with the log comes with
/// what the server did meanwhile.
/// </summary>
public sealed record ServerCounters(
    long WalRecords, long WalFpi, decimal WalBytes, long CheckpointsTimed, long CheckpointsRequested, long BuffersCheckpoint,
    long BuffersBackend, double CheckpointSyncMs, string RedoLsn, DateTimeOffset CheckpointTime,
    Dictionary<string, (long Read, long Hit)> Blocks)
{
    public static async Task<ServerCounters> TakeAsync(NpgsqlDataSource db)
    {
        await using var connection = await db.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("""
            SELECT w.wal_records, w.wal_fpi, w.wal_bytes, b.checkpoints_timed, b.checkpoints_req, b.buffers_checkpoint,
                   b.buffers_backend, b.checkpoint_sync_time, c.redo_lsn::text, c.checkpoint_time
            FROM pg_stat_wal w, pg_stat_bgwriter b, pg_control_checkpoint() c
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var (records, fpi, bytes, timed, requested, written, backend, syncMs, redo, at) = (reader.GetInt64(0), reader.GetInt64(1),
            reader.GetDecimal(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6), reader.GetDouble(7),
            reader.GetString(8), reader.GetFieldValue<DateTimeOffset>(9));
        await reader.DisposeAsync();
        var blocks = new Dictionary<string, (long, long)>();
        await using var statio = new NpgsqlCommand("""
            SELECT schemaname || '.' || indexrelname, coalesce(idx_blks_read, 0), coalesce(idx_blks_hit, 0)
            FROM pg_statio_all_indexes WHERE schemaname IN ('eventlog', 'catalog')
            UNION ALL
            SELECT schemaname || '.' || relname, coalesce(heap_blks_read, 0), coalesce(heap_blks_hit, 0)
            FROM pg_statio_all_tables WHERE schemaname IN ('eventlog', 'catalog')
            """, connection);
        await using var rows = await statio.ExecuteReaderAsync();
        while (await rows.ReadAsync()) blocks[rows.GetString(0)] = (rows.GetInt64(1), rows.GetInt64(2));
        return new ServerCounters(records, fpi, bytes, timed, requested, written, backend, syncMs, redo, at, blocks);
    }

    /// <summary>What happened between <paramref name="before"/> and this, per operation of the window.</summary>
    public void PrintSince(ServerCounters before, string what, long operations, TimeSpan window)
    {
        var per = (double)Math.Max(1, operations);
        var checkpoints = CheckpointsTimed + CheckpointsRequested - before.CheckpointsTimed - before.CheckpointsRequested;
        BenchContext.Line($"  {what}: WAL per op", string.Create(CultureInfo.InvariantCulture,
            $"{(double)(WalBytes - before.WalBytes) / per:N0} B, {(WalRecords - before.WalRecords) / per:F1} records, {(WalFpi - before.WalFpi) / per:F2} full-page images"));
        BenchContext.Line($"  {what}: checkpoints", string.Create(CultureInfo.InvariantCulture,
            $"{checkpoints} completed in {window.TotalSeconds:F0} s ({CheckpointsRequested - before.CheckpointsRequested} requested by WAL volume), {BuffersCheckpoint - before.BuffersCheckpoint:N0} buffers written by them, {BuffersBackend - before.BuffersBackend:N0} by backends, sync {CheckpointSyncMs - before.CheckpointSyncMs:N0} ms; last began {CheckpointTime:HH:mm:ss} (redo {RedoLsn})"));
        var busiest = Blocks.Select(b => (Name: b.Key, Read: b.Value.Read - before.Blocks.GetValueOrDefault(b.Key).Read, Hit: b.Value.Hit - before.Blocks.GetValueOrDefault(b.Key).Hit))
            .Where(b => b.Read + b.Hit > 0).OrderByDescending(b => b.Read).ThenByDescending(b => b.Hit).Take(8);
        foreach (var b in busiest)
            BenchContext.Line($"  {what}: {b.Name}", string.Create(CultureInfo.InvariantCulture,
                $"{b.Read / per,8:F2} blocks read (not in shared buffers), {b.Hit / per,8:F2} hit per op"));
    }
}

/// <summary>Plans, sizes and the log's read rate at one size of the log.</summary>
public static class ScaleDiagnosis
{
    /// <summary>Every index of the log and of the read models, beside shared_buffers.</summary>
    public static async Task PrintSizesAsync(NpgsqlDataSource db)
    {
        await using var command = db.CreateCommand("""
            SELECT n.nspname || '.' || c.relname, c.relkind::text, pg_relation_size(c.oid), current_setting('shared_buffers')
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname IN ('eventlog', 'catalog') AND c.relkind IN ('r', 'i') AND pg_relation_size(c.oid) > 8 * 1024 * 1024
            ORDER BY pg_relation_size(c.oid) DESC
            """);
        await using var reader = await command.ExecuteReaderAsync();
        var sizes = new StringBuilder();
        var buffers = "";
        while (await reader.ReadAsync())
        {
            buffers = reader.GetString(3);
            sizes.Append(CultureInfo.InvariantCulture, $"{reader.GetString(0)}{(reader.GetString(1) == "i" ? " (index)" : "")} {reader.GetInt64(2) / 1048576.0:N0} MiB; ");
        }
        BenchContext.Line($"relations over 8 MiB (shared_buffers {buffers})", sizes.ToString());
    }

    /// <summary>
    /// A few real appends with auto_explain on their session: the statements inside the append function, with their
    /// buffers (hit / read) and WAL, as the server ran them. Only the plan lines that carry numbers are printed.
    /// </summary>
    public static async Task ExplainAppendsAsync(NpgsqlDataSource db, IEnumerable<AppendRequest> requests, EventTypeRegistry types)
    {
        var notices = new List<string>();
        await using (var connection = await db.OpenConnectionAsync())
        {
            connection.Notice += (_, e) => { lock (notices) notices.Add(e.Notice.MessageText); };
            await using var setup = new NpgsqlCommand("""
                LOAD 'auto_explain';
                SET auto_explain.log_min_duration = 0; SET auto_explain.log_analyze = on; SET auto_explain.log_buffers = on;
                SET auto_explain.log_wal = on; SET auto_explain.log_nested_statements = on; SET auto_explain.log_timing = on;
                SET client_min_messages = log;
                """, connection);
            await setup.ExecuteNonQueryAsync();
            foreach (var request in requests)
            {
                // The append function as EventStore calls it, on this session.
                await using var append = new NpgsqlCommand(
                    "SELECT * FROM eventlog.append($1, -1, $2, $3, $4::jsonb[], NULL, NULL, NULL, NULL, now())", connection);
                append.Parameters.Add(new NpgsqlParameter<string> { TypedValue = request.StreamId });
                append.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = request.Events.Select(_ => Guid.CreateVersion7()).ToArray() });
                append.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = request.Events.Select(e => types.NameOf(e.GetType())).ToArray() });
                append.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = request.Events.Select(types.Serialize).ToArray() });
                await append.ExecuteNonQueryAsync();
            }
            await using var reset = new NpgsqlCommand("RESET client_min_messages; SET auto_explain.log_min_duration = -1", connection);
            await reset.ExecuteNonQueryAsync();
        }
        var interesting = new[] { "Insert on", "Update on", "Index", "Buffers:", "WAL:", "Execution Time", "Trigger", "Function Scan", "duration:" };
        foreach (var notice in notices.Where(n => n.Contains("INSERT INTO", StringComparison.Ordinal) || n.Contains("append(", StringComparison.Ordinal)))
        {
            var lines = notice.Split('\n').Select(l => l.TrimEnd()).Where(l => interesting.Any(i => l.Contains(i, StringComparison.Ordinal)));
            Console.WriteLine("      " + string.Join("\n      ", lines));
        }
    }

    /// <summary>
    /// With PostgreSQL's default max_wal_size (1 GB) a 10M rebuild's WAL forced a checkpoint every 20 s, each followed
    /// by full-page images of every page touched again; the section spaces them as a server holding this log should.
    /// </summary>
    public static async Task SpaceCheckpointsAsync(string serverConnectionString, bool on)
    {
        await using var connection = new NpgsqlConnection(serverConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(on
            ? "ALTER SYSTEM SET max_wal_size = '4GB'; ALTER SYSTEM SET wal_compression = 'lz4'; SELECT pg_reload_conf()"
            : "ALTER SYSTEM RESET max_wal_size; ALTER SYSTEM RESET wal_compression; SELECT pg_reload_conf()", connection);
        await command.ExecuteNonQueryAsync();
        if (on) BenchContext.Line("server", "max_wal_size 4GB, wal_compression lz4 for this section");
    }

    /// <summary>
    /// A CHECKPOINT, then waits (at most 90 s) until the kernel has written back most of what was written before (other work on the machine keeps some dirty pages), so a
    /// latency window measures the log at its size rather than the write-back of the previous step.
    /// </summary>
    public static async Task SettleAsync(NpgsqlDataSource db, string when)
    {
        var watch = Stopwatch.StartNew();
        await using (var checkpoint = db.CreateCommand("CHECKPOINT")) await checkpoint.ExecuteNonQueryAsync();
        var checkpointed = watch.Elapsed;
        var pending = DirtyMiB();
        while (pending > 256 && watch.Elapsed < TimeSpan.FromSeconds(90))
        {
            await Task.Delay(500);
            pending = DirtyMiB();
        }
        BenchContext.Line($"settled {when}", string.Create(CultureInfo.InvariantCulture,
            $"CHECKPOINT {checkpointed.TotalSeconds:F1} s, then {(watch.Elapsed - checkpointed).TotalSeconds:F1} s until the kernel's dirty + write-back pages were {pending:N0} MiB"));
    }

    private static double DirtyMiB()
    {
        double kib = 0;
        foreach (var line in File.ReadLines("/proc/meminfo"))
            if (line.StartsWith("Dirty:", StringComparison.Ordinal) || line.StartsWith("Writeback:", StringComparison.Ordinal))
                kib += double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return kib / 1024;
    }

    /// <summary>The commit-order read a rebuild does (batches of 5,000 with decoding), alone: events/s.</summary>
    public static async Task<double> LogReadRateAsync(EventStore store, long events)
    {
        var watch = Stopwatch.StartNew();
        var after = LogPosition.Start;
        long read = 0;
        while (true)
        {
            var batch = await store.ReadAllAsync(after, 5_000);
            if (batch.Count == 0) break;
            read += batch.Count;
            after = batch[^1].Position;
        }
        var rate = read / watch.Elapsed.TotalSeconds;
        BenchContext.Line("log read in commit order, alone", string.Create(CultureInfo.InvariantCulture, $"{rate:N0} events/s ({read:N0} of {events:N0} events)"));
        return rate;
    }
}
