using Microsoft.Extensions.Logging;
using Npgsql;

namespace EventLog;

// What a runner does with events its handler keeps failing on: record them, stop or skip, replay on request.
public sealed partial class SubscriptionRunner
{
    private async Task<SubscriptionRow> RecordPoisonAsync(NpgsqlConnection connection, RecordedEvent @event, Exception error, CancellationToken ct)
    {
        LogPoison(logger, error, Name, @event.Position.ToString(), @event.EventType, options.OnPoison);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var command = new NpgsqlCommand($"""
            INSERT INTO {_s}.dead_letters (subscription, position, transaction_id, stream_id, event_type, error, attempts, failed_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, now())
            ON CONFLICT (subscription, position) DO UPDATE
              SET error = excluded.error, attempts = {_s}.dead_letters.attempts + excluded.attempts, failed_at = now(), replayed_at = NULL
            """, connection, tx))
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Name });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = @event.Position.Position });
            command.Parameters.Add(Xid8(@event.Position.TransactionId));
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = @event.StreamId });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = @event.EventType });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = error.ToString() });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = options.MaxAttempts });
            await command.ExecuteNonQueryAsync(ct);
        }

        SubscriptionRow row;
        if (options.OnPoison == PoisonPolicy.Skip)
        {
            row = await AdvanceAsync(connection, tx, @event.Position, ct);
            await tx.CommitAsync(ct);
            SetCheckpoint(@event.Position);
            return row;
        }
        await using (var stop = new NpgsqlCommand(
            $"UPDATE {_s}.subscriptions SET state = 'stopped', last_error = $2, updated_at = now() WHERE name = $1", connection, tx))
        {
            stop.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Name });
            stop.Parameters.Add(new NpgsqlParameter<string> { TypedValue = $"Event {@event.Position} ({@event.EventType}): {error.Message}" });
            await stop.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        return new SubscriptionRow(_checkpoint, SubscriptionState.Stopped, false);
    }

    private async Task ReplayDeadLettersAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var find = new NpgsqlCommand($"""
            SELECT {EventStore.Columns} FROM {_s}.events e
            WHERE e.position IN (SELECT position FROM {_s}.dead_letters WHERE subscription = $1 AND replayed_at IS NULL)
            ORDER BY e.transaction_id, e.position
            """, connection);
        find.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Name });
        var events = await store.ReadEventsAsync(find, ct);
        foreach (var @event in events)
        {
            await using var tx = await connection.BeginTransactionAsync(ct);
            string? error = null;
            try
            {
                ThrowIfUndecodable([@event]);
                await handler.HandleAsync([@event], new SubscriptionContext(Name, connection, tx), ct);
            }
            catch (Exception ex) when (!IsInfrastructureFailure(ex, connection, ct))
            {
                error = ex.ToString();
                await tx.RollbackAsync(ct);
            }
            await using var mark = new NpgsqlCommand(error is null
                ? $"UPDATE {_s}.dead_letters SET replayed_at = now() WHERE subscription = $1 AND position = $2"
                : $"UPDATE {_s}.dead_letters SET attempts = attempts + 1, error = $3, failed_at = now() WHERE subscription = $1 AND position = $2",
                connection, error is null ? tx : null);
            mark.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Name });
            mark.Parameters.Add(new NpgsqlParameter<long> { TypedValue = @event.Position.Position });
            if (error is not null) mark.Parameters.Add(new NpgsqlParameter<string> { TypedValue = error });
            await mark.ExecuteNonQueryAsync(ct);
            if (error is null) await tx.CommitAsync(ct);
        }
        await using var done = new NpgsqlCommand($"UPDATE {_s}.subscriptions SET replay_requested = false WHERE name = $1", connection);
        done.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Name });
        await done.ExecuteNonQueryAsync(ct);
    }
}
