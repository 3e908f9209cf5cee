using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace EventLog;

/// <summary>
/// Runs one subscription: holds its advisory lock (one active runner across processes), reads the log in commit
/// order and hands batches to the handler, committing each batch's writes with the checkpoint.
/// A standby runner retries the lock and takes over within <see cref="SubscriptionOptions.LockRetryInterval"/>.
/// </summary>
public sealed partial class SubscriptionRunner(
    EventStore store,
    ISubscriptionHandler handler,
    SubscriptionOptions options,
    ILogger<SubscriptionRunner> logger)
{
    private static readonly TimeSpan HeldBackRetry = TimeSpan.FromMilliseconds(20);
    private readonly string _s = store.Schema;
    private LogPosition _checkpoint;
    private TaskCompletionSource _advanced = NewSignal();

    public string Name => options.Name;
    public SubscriptionOptions Options => options;

    /// <summary>True while this runner holds the subscription's lock.</summary>
    public bool IsActive { get; private set; }

    public LogPosition Checkpoint => _checkpoint;

    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await RunWhileHoldingLockAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                IsActive = false;
                LogRunnerFailed(logger, ex, Name);
            }
            try { await Task.Delay(options.LockRetryInterval, store.Clock, ct); }
            catch (OperationCanceledException) { break; }
        }
        IsActive = false;
    }

    /// <summary>Waits until the checkpoint reaches the log's head as it is now.</summary>
    public async Task CatchUpAsync(TimeSpan timeout, CancellationToken ct = default)
    {
        var head = await store.HeadAsync(ct);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        while (_checkpoint < head)
        {
            var signal = _advanced.Task;
            if (_checkpoint >= head) break;
            await signal.WaitAsync(cts.Token);
        }
    }

    private async Task RunWhileHoldingLockAsync(CancellationToken ct)
    {
        // The lock lives and dies with this unpooled connection: if the process dies, PostgreSQL releases it.
        await using var connection = await store.OpenDedicatedConnectionAsync(ct);
        if (!await TryLockAsync(connection, ct)) return;

        IsActive = true;
        LogAcquired(logger, Name);
        try
        {
            // A notification can arrive while a query runs, not only while the runner waits: remember it, or the
            // runner would sleep a whole poll interval past an append.
            var notified = 0;
            connection.Notification += (_, _) => Volatile.Write(ref notified, 1);
            await ExecuteAsync(connection, $"LISTEN {EventLogSchema.NotifyChannel(_s)}", ct);
            var row = await LoadAsync(connection, ct);
            _checkpoint = row.Checkpoint;
            while (!ct.IsCancellationRequested)
            {
                if (row.ReplayRequested) await ReplayDeadLettersAsync(connection, ct);
                if (row.State == SubscriptionState.Stopped)
                {
                    await WaitUnlessNotifiedAsync(connection, () => Interlocked.Exchange(ref notified, 0) == 1, options.PollInterval, ct);
                    row = await LoadAsync(connection, ct);
                    continue;
                }

                var events = await store.ReadAllAsync(connection, _checkpoint, options.BatchSize, ct);
                if (events.Count == 0)
                {
                    // Committed events held back by an older open transaction will be visible shortly: look again
                    // soon instead of waiting for a notification that may already have come.
                    var heldBack = await store.HasCommittedBeyondAsync(connection, _checkpoint, ct);
                    await WaitUnlessNotifiedAsync(connection, () => Interlocked.Exchange(ref notified, 0) == 1,
                        heldBack ? HeldBackRetry : options.PollInterval, ct);
                    row = await LoadAsync(connection, ct);
                    _checkpoint = row.Checkpoint;
                    continue;
                }
                row = await HandleBatchAsync(connection, events, ct);
            }
        }
        finally
        {
            IsActive = false;
        }
    }

    private async Task<SubscriptionRow> HandleBatchAsync(NpgsqlConnection connection, IReadOnlyList<RecordedEvent> events, CancellationToken ct)
    {
        try
        {
            return await CommitAsync(connection, events, events[^1].Position, ct);
        }
        catch (HandlerFailedException)
        {
            // Find the poison one event at a time, so every good event before it still lands.
        }

        var row = default(SubscriptionRow);
        foreach (var @event in events)
        {
            row = await HandleOneAsync(connection, @event, ct);
            if (row.State == SubscriptionState.Stopped) break;
        }
        return row!;
    }

    private async Task<SubscriptionRow> HandleOneAsync(NpgsqlConnection connection, RecordedEvent @event, CancellationToken ct)
    {
        Exception? last = null;
        for (var attempt = 1; attempt <= options.MaxAttempts; attempt++)
        {
            try
            {
                return await CommitAsync(connection, [@event], @event.Position, ct);
            }
            catch (HandlerFailedException ex)
            {
                last = ex.InnerException;
                LogHandlerFailed(logger, ex.InnerException, Name, @event.Position.ToString(), @event.EventType, attempt);
                await Task.Delay(options.RetryDelay * attempt, store.Clock, ct);
            }
        }
        return await RecordPoisonAsync(connection, @event, last!, ct);
    }

    private async Task<SubscriptionRow> CommitAsync(NpgsqlConnection connection, IReadOnlyList<RecordedEvent> events, LogPosition next, CancellationToken ct)
    {
        var spans = StartSpans(events);
        try
        {
            await using var tx = await connection.BeginTransactionAsync(ct);
            try
            {
                ThrowIfUndecodable(events);
                await handler.HandleAsync(events, new SubscriptionContext(Name, connection, tx), ct);
            }
            catch (Exception ex) when (!IsInfrastructureFailure(ex, connection, ct))
            {
                await tx.RollbackAsync(ct);
                throw new HandlerFailedException(ex);
            }
            var row = await AdvanceAsync(connection, tx, next, ct);
            // If the commit's outcome is unknown the exception escapes: the runner reconnects and reads the
            // checkpoint back instead of retrying blindly.
            await tx.CommitAsync(ct);
            EventLogTelemetry.EventsHandled.Add(events.Count, new KeyValuePair<string, object?>("subscription", Name));
            SetCheckpoint(next);
            return row;
        }
        finally
        {
            foreach (var span in spans) span?.Dispose();
        }
    }

    /// <summary>An event the handler reads that no longer decodes is poison like a handler failure: retried, then stopped on or skipped.</summary>
    private void ThrowIfUndecodable(IReadOnlyList<RecordedEvent> events)
    {
        foreach (var e in events)
            if (e.Data is UndecodableEvent bad && handler.Reads(bad.TypeName))
                throw new InvalidDataException($"Stored '{bad.TypeName}' event does not decode: {bad.Error}");
    }

    private static List<Activity?> StartSpans(IReadOnlyList<RecordedEvent> events)
    {
        var spans = new List<Activity?>(events.Count);
        if (!EventLogTelemetry.ActivitySource.HasListeners()) return spans;
        foreach (var e in events)
        {
            ActivityContext.TryParse(e.Metadata.TraceParent, null, out var parent);
            var span = EventLogTelemetry.ActivitySource.StartActivity($"eventlog handle {e.EventType}", ActivityKind.Consumer, parent);
            span?.SetTag("eventlog.position", e.Position.Position);
            span?.SetTag("eventlog.stream", e.StreamId);
            spans.Add(span);
        }
        return spans;
    }

    private static bool IsInfrastructureFailure(Exception ex, NpgsqlConnection connection, CancellationToken ct) =>
        ct.IsCancellationRequested
        || connection.State is System.Data.ConnectionState.Broken or System.Data.ConnectionState.Closed
        || ex is NpgsqlException { IsTransient: true };

    private async Task<SubscriptionRow> AdvanceAsync(NpgsqlConnection connection, NpgsqlTransaction tx, LogPosition next, CancellationToken ct)
    {
        // Guarded by the previous checkpoint: if anyone else moved it, this runner has lost the subscription.
        await using var command = new NpgsqlCommand($"""
            UPDATE {_s}.subscriptions SET transaction_id = $2, position = $3, updated_at = now()
            WHERE name = $1 AND transaction_id = $4 AND position = $5
            RETURNING transaction_id, position, state, replay_requested
            """, connection, tx);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Name });
        command.Parameters.Add(Xid8(next.TransactionId));
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = next.Position });
        command.Parameters.Add(Xid8(_checkpoint.TransactionId));
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = _checkpoint.Position });
        return await ReadRowAsync(command, ct)
            ?? throw new InvalidOperationException($"Subscription '{Name}' was advanced by someone else; this runner lets go.");
    }

    private async Task<bool> TryLockAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(hashtextextended($1, 0))", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = $"{_s}.subscription.{Name}" });
        return await command.ExecuteScalarAsync(ct) is true;
    }

    private async Task<SubscriptionRow> LoadAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"""
            INSERT INTO {_s}.subscriptions (name) VALUES ($1) ON CONFLICT (name) DO NOTHING;
            SELECT transaction_id, position, state, replay_requested FROM {_s}.subscriptions WHERE name = $1
            """.Replace("$1", "@name"), connection);
        command.Parameters.AddWithValue("name", Name);
        return (await ReadRowAsync(command, ct))!;
    }

    private static async Task<SubscriptionRow?> ReadRowAsync(NpgsqlCommand command, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        do
        {
            if (reader.FieldCount == 4 && await reader.ReadAsync(ct))
                return new SubscriptionRow(
                    new LogPosition(reader.GetFieldValue<ulong>(0), reader.GetInt64(1)),
                    reader.GetString(2) == "stopped" ? SubscriptionState.Stopped : SubscriptionState.Running,
                    reader.GetBoolean(3));
        } while (await reader.NextResultAsync(ct));
        return null;
    }

    private void SetCheckpoint(LogPosition position)
    {
        _checkpoint = position;
        Interlocked.Exchange(ref _advanced, NewSignal()).TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static NpgsqlParameter<ulong> Xid8(ulong value) => new() { TypedValue = value, NpgsqlDbType = NpgsqlDbType.Xid8 };

    /// <summary>Waits for a notification or the timeout, unless one already came while the last queries ran.</summary>
    private static async Task WaitUnlessNotifiedAsync(NpgsqlConnection connection, Func<bool> takeNotified, TimeSpan timeout, CancellationToken ct)
    {
        if (takeNotified()) return;
        await connection.WaitAsync(timeout, ct);
        takeNotified();
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    private sealed record SubscriptionRow(LogPosition Checkpoint, SubscriptionState State, bool ReplayRequested);

    private sealed class HandlerFailedException(Exception inner) : Exception(inner.Message, inner);

    [LoggerMessage(LogLevel.Information, "Subscription {Name} is active in this process")]
    private static partial void LogAcquired(ILogger logger, string name);

    [LoggerMessage(LogLevel.Warning, "Subscription {Name} runner failed; it will reconnect")]
    private static partial void LogRunnerFailed(ILogger logger, Exception ex, string name);

    [LoggerMessage(LogLevel.Warning, "Subscription {Name} failed on event {Position} ({EventType}), attempt {Attempt}")]
    private static partial void LogHandlerFailed(ILogger logger, Exception? ex, string name, string position, string eventType, int attempt);

    [LoggerMessage(LogLevel.Error, "Subscription {Name} gave up on event {Position} ({EventType}); policy {Policy}")]
    private static partial void LogPoison(ILogger logger, Exception ex, string name, string position, string eventType, PoisonPolicy policy);
}

public enum SubscriptionState { Running, Stopped }
