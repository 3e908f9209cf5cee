using Npgsql;

namespace EventLog.Tests.Subscriptions;

/// <summary>
/// A projection for tests: writes one row per handled event in the subscription's transaction, so the table shows
/// exactly what was committed with the checkpoint. Can be told to fail or to pause inside a batch.
/// </summary>
public sealed class RecordingHandler(string runner = "r") : ISubscriptionHandler
{
    public static async Task CreateTableAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("""
            CREATE TABLE IF NOT EXISTS seen (
                subscription text NOT NULL, seq bigserial, tx xid8 NOT NULL, position bigint NOT NULL,
                event_key text NOT NULL, runner text NOT NULL)
            """);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Events whose Happened.Id is in here make the handler throw.</summary>
    public HashSet<string> FailOn { get; } = [];

    /// <summary>When set, the handler waits on it inside the transaction of the next batch.</summary>
    public TaskCompletionSource? PauseInsideBatch { get; set; }
    public TaskCompletionSource EnteredPausedBatch { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task HandleAsync(IReadOnlyList<RecordedEvent> events, SubscriptionContext context, CancellationToken ct)
    {
        await using var batch = context.Batch();
        foreach (var e in events)
        {
            var key = e.Data is Happened h ? h.Id : e.EventType;
            lock (FailOn)
                if (FailOn.Contains(key)) throw new InvalidOperationException($"cannot project {key}");
            batch.BatchCommands.Add(new NpgsqlBatchCommand("INSERT INTO seen (subscription, tx, position, event_key, runner) VALUES ($1, $2, $3, $4, $5)")
            {
                Parameters =
                {
                    new NpgsqlParameter<string> { TypedValue = context.SubscriptionName },
                    new NpgsqlParameter<ulong> { TypedValue = e.Position.TransactionId, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Xid8 },
                    new NpgsqlParameter<long> { TypedValue = e.Position.Position },
                    new NpgsqlParameter<string> { TypedValue = key },
                    new NpgsqlParameter<string> { TypedValue = runner },
                },
            });
        }
        if (batch.BatchCommands.Count > 0) await batch.ExecuteNonQueryAsync(ct);
        if (PauseInsideBatch is { } pause)
        {
            EnteredPausedBatch.TrySetResult();
            await pause.Task.WaitAsync(ct);
        }
    }

    public static async Task<List<(long Position, string Key, string Runner)>> SeenAsync(NpgsqlDataSource dataSource, string subscription)
    {
        await using var command = dataSource.CreateCommand("SELECT position, event_key, runner FROM seen WHERE subscription = $1 ORDER BY seq");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = subscription });
        var rows = new List<(long, string, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2)));
        return rows;
    }
}
