using Npgsql;

namespace EventLog;

/// <summary>
/// Bootstraps tables that many replicas may create at once: each migration runs in one transaction under a
/// transaction-level advisory lock on its name, so concurrent ones run one after another and the lock goes with the
/// commit. The log, the catalog's read models and ingest's quarantine all create their tables this way.
/// </summary>
public static class SchemaMigration
{
    public static async Task RunAsync(NpgsqlDataSource dataSource, string lockName, Func<NpgsqlTransaction, Task> migrate, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await LockAsync(transaction, lockName, ct);
        await migrate(transaction);
        await transaction.CommitAsync(ct);
    }

    public static Task RunAsync(NpgsqlDataSource dataSource, string lockName, string ddl, CancellationToken ct = default) =>
        RunAsync(dataSource, lockName, transaction => ExecuteAsync(transaction, ddl, ct), ct);

    /// <summary>Takes the named lock until <paramref name="transaction"/> ends, for other work that must not overlap a migration.</summary>
    public static async Task LockAsync(NpgsqlTransaction transaction, string lockName, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", transaction.Connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = lockName });
        await command.ExecuteNonQueryAsync(ct);
    }

    public static async Task ExecuteAsync(NpgsqlTransaction transaction, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, transaction.Connection, transaction);
        await command.ExecuteNonQueryAsync(ct);
    }
}
