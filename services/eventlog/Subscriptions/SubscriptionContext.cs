using Npgsql;

namespace EventLog;

/// <summary>
/// A handler's way to the database: commands, batches and COPY inside the transaction that also advances the
/// subscription's checkpoint, so the handler's writes and the checkpoint commit together or not at all. The handler
/// never sees the connection or the transaction, so it cannot commit, roll back or step outside them.
/// </summary>
public sealed class SubscriptionContext
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;

    internal SubscriptionContext(string subscriptionName, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        SubscriptionName = subscriptionName;
        _connection = connection;
        _transaction = transaction;
    }

    public string SubscriptionName { get; }

    /// <summary>A command in the checkpoint's transaction.</summary>
    public NpgsqlCommand Command(string sql) => new(sql, _connection, _transaction);

    /// <summary>A batch of commands in the checkpoint's transaction, sent in one round trip.</summary>
    public NpgsqlBatch Batch() => new(_connection, _transaction);

    /// <summary>A binary <c>COPY ... FROM STDIN</c> in the checkpoint's transaction, for rows that are only ever inserted.</summary>
    public Task<NpgsqlBinaryImporter> CopyAsync(string copyFromStdin, CancellationToken ct) =>
        _connection.BeginBinaryImportAsync(copyFromStdin, ct);
}
