using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace EventLog;

/// <summary>Appends to and reads from the PostgreSQL event log.</summary>
public sealed partial class EventStore(NpgsqlDataSource dataSource, EventTypeRegistry types, TimeProvider clock, EventStoreOptions options)
{
    private readonly string _s = EventLogSchema.Identifier(options.Schema);
    // Subscription runners hold an advisory lock for as long as their connection lives, so theirs must not be pooled:
    // a pooled connection would keep the lock after Dispose.
    private readonly Lazy<NpgsqlDataSource> _dedicated = new(() =>
        new NpgsqlDataSourceBuilder(options.ConnectionString) { ConnectionStringBuilder = { Pooling = false } }.Build());

    private readonly AppendNotifier _notifier = new(dataSource, EventLogSchema.NotifyChannel(options.Schema));

    public NpgsqlDataSource DataSource => dataSource;
    public TimeProvider Clock => clock;

    internal ValueTask<NpgsqlConnection> OpenDedicatedConnectionAsync(CancellationToken ct) => _dedicated.Value.OpenConnectionAsync(ct);
    public EventTypeRegistry Types => types;
    public string Schema => _s;

    /// <summary>Appends one command's events in one transaction and one round trip.</summary>
    /// <exception cref="WrongExpectedVersionException">The stream was not at the expected version.</exception>
    public async Task<AppendResult> AppendAsync(AppendRequest request, CancellationToken ct = default)
    {
        var result = (await AppendBatchAsync([request], ct))[0];
        result.Error?.Throw();
        return result.Status == AppendStatus.WrongExpectedVersion
            ? throw new WrongExpectedVersionException(request.StreamId, request.Expected, result.StreamVersion)
            : result;
    }

    public Task<AppendResult> AppendAsync(string streamId, ExpectedVersion expected, params object[] events) =>
        AppendAsync(new AppendRequest(streamId, expected, events));

    /// <summary>
    /// Appends many commands in one transaction (group commit). Each gets its own outcome: a duplicate or a
    /// version conflict in one does not fail the others, nor does a command the database refuses for its own data
    /// (<see cref="AppendStatus.Rejected"/>). Only an error that is not one command's (the connection lost, the
    /// database unavailable) fails them all; then nothing was appended, or the outcome is unknown.
    /// </summary>
    public async Task<IReadOnlyList<AppendResult>> AppendBatchAsync(IReadOnlyList<AppendRequest> requests, CancellationToken ct = default)
    {
        if (requests.Count == 0) return [];
        using var activity = EventLogTelemetry.ActivitySource.StartActivity("eventlog append", ActivityKind.Client);
        activity?.SetTag("eventlog.commands", requests.Count);
        var started = Stopwatch.GetTimestamp();
        var results = await AppendIsolatedAsync(requests, ct);

        var appended = 0;
        for (var i = 0; i < requests.Count; i++)
            if (results[i].Status == AppendStatus.Appended) appended += requests[i].Events.Count;
        if (appended > 0) _notifier.Signal();
        EventLogTelemetry.EventsAppended.Add(appended);
        EventLogTelemetry.AppendDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return results;
    }

    /// <summary>
    /// Appends the commands of <paramref name="indices"/> in one statement, so in one implicit transaction.
    /// Returns -1 when it committed; else the position in <paramref name="indices"/> of the command whose own data
    /// was refused, now <see cref="AppendStatus.Rejected"/> (nothing committed), or <c>indices.Count</c> when the
    /// refusal names no command.
    /// </summary>
    private async Task<int> ExecuteBatchAsync(IReadOnlyList<AppendRequest> requests, List<int> indices, AppendResult?[] results, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var events = 0;
        foreach (var i in indices) events += requests[i].Events.Count;
        var columns = new AppendColumns(indices.Count, events);
        for (var k = 0; k < indices.Count; k++)
        {
            try
            {
                columns.Add(requests[indices[k]], now, types);
            }
            catch (Exception ex) when (IsCommandsOwn(ex))
            {
                results[indices[k]] = Rejected(ex);
                return k;
            }
        }

        // One row per command, in order; the server stops at the first error, which names no command of the statement.
        var read = new AppendResult[indices.Count];
        try
        {
            await using var command = columns.Command(dataSource, AppendBatchSql, now);
            await using var reader = await command.ExecuteReaderAsync(ct);
            for (var k = 0; k < indices.Count; k++)
            {
                await reader.ReadAsync(ct);
                read[k] = new AppendResult(
                    (AppendStatus)reader.GetInt32(0),
                    reader.IsDBNull(1) ? 0 : reader.GetInt64(1),
                    reader.IsDBNull(2) ? null : reader.GetInt64(2));
            }
            // Read to the end, so an error reported at commit surfaces here rather than when the reader is disposed.
            while (await reader.NextResultAsync(ct)) { }
        }
        catch (Exception ex) when (IsCommandsOwn(ex))
        {
            if (indices.Count > 1) return indices.Count;
            results[indices[0]] = Rejected(ex);
            return 0;
        }
        for (var k = 0; k < indices.Count; k++) results[indices[k]] = read[k];
        return -1;
    }

    private string AppendBatchSql => field ??=
        $"SELECT status, stream_version, first_position FROM {_s}.append_batch($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)";

    /// <summary>The stream's events from a version on, in version order.</summary>
    public async Task<IReadOnlyList<RecordedEvent>> ReadStreamAsync(string streamId, long fromVersion = 1, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns} FROM {_s}.events WHERE stream_id = $1 AND stream_version >= $2 ORDER BY stream_version");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = streamId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = fromVersion });
        return await ReadEventsAsync(command, ct);
    }

    /// <summary>The events of many streams in one round trip, each stream's in version order.</summary>
    public async Task<IReadOnlyList<RecordedEvent>> ReadStreamsAsync(IReadOnlyCollection<string> streamIds, CancellationToken ct = default)
    {
        if (streamIds.Count == 0) return [];
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns} FROM {_s}.events WHERE stream_id = ANY($1) ORDER BY stream_id, stream_version");
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. streamIds] });
        return await ReadEventsAsync(command, ct);
    }

    /// <summary>
    /// Up to <paramref name="limit"/> events after <paramref name="after"/> in commit order, only from transactions
    /// older than every running one: a late-committing transaction is waited for, never passed over.
    /// </summary>
    public async Task<IReadOnlyList<RecordedEvent>> ReadAllAsync(LogPosition after, int limit, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await ReadAllAsync(connection, after, limit, ct);
    }

    internal async Task<IReadOnlyList<RecordedEvent>> ReadAllAsync(NpgsqlConnection connection, LogPosition after, int limit, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(ReadAllSql, connection);
        command.Parameters.Add(new NpgsqlParameter<ulong> { TypedValue = after.TransactionId, NpgsqlDbType = NpgsqlDbType.Xid8 });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = after.Position });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        return await ReadEventsAsync(command, ct);
    }

    private string ReadAllSql => field ??= $"""
        SELECT {Columns} FROM {_s}.events
        WHERE (transaction_id, position) > ($1, $2)
          AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY transaction_id, position
        LIMIT $3
        """;

    /// <summary>
    /// The last committed event in commit order. It may still be above the readers' horizon while an older transaction
    /// runs; readers reach it as soon as that transaction ends.
    /// </summary>
    public async Task<LogPosition> HeadAsync(CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT transaction_id, position FROM {_s}.events ORDER BY transaction_id DESC, position DESC LIMIT 1");
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? new LogPosition(reader.GetFieldValue<ulong>(0), reader.GetInt64(1)) : LogPosition.Start;
    }

    /// <summary>Whether committed events lie beyond <paramref name="after"/>, visible to readers yet or not.</summary>
    internal async Task<bool> HasCommittedBeyondAsync(NpgsqlConnection connection, LogPosition after, CancellationToken ct)
    {
        // The last committed event decides it: one row from the end of the commit-order index, never a scan.
        await using var command = new NpgsqlCommand($"""
            SELECT coalesce((SELECT (transaction_id, position) > ($1, $2) FROM {_s}.events
                             ORDER BY transaction_id DESC, position DESC LIMIT 1), false)
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<ulong> { TypedValue = after.TransactionId, NpgsqlDbType = NpgsqlDbType.Xid8 });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = after.Position });
        return await command.ExecuteScalarAsync(ct) is true;
    }

    internal const string Columns =
        "transaction_id, position, stream_id, stream_version, event_id, event_type, data::text, correlation_id, causation_id, traceparent, idempotency_key, recorded_at";

    internal async Task<IReadOnlyList<RecordedEvent>> ReadEventsAsync(NpgsqlCommand command, CancellationToken ct)
    {
        var events = new List<RecordedEvent>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var type = reader.GetString(5);
            var data = types.Deserialize(type, reader.GetString(6));
            if (data is UnknownEvent or UndecodableEvent) EventLogTelemetry.UnknownEvents.Add(1);
            events.Add(new RecordedEvent(
                new LogPosition(reader.GetFieldValue<ulong>(0), reader.GetInt64(1)),
                reader.GetString(2),
                reader.GetInt64(3),
                reader.GetGuid(4),
                type,
                data,
                new EventMetadata(NullableString(reader, 7), NullableString(reader, 8), NullableString(reader, 9)),
                NullableString(reader, 10),
                reader.GetFieldValue<DateTimeOffset>(11)));
        }
        return events;
    }

    private static string? NullableString(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}

public sealed class EventStoreOptions
{
    public required string ConnectionString { get; set; }

    /// <summary>The PostgreSQL schema holding the log; one database can host several logs.</summary>
    public string Schema { get; set; } = "eventlog";
}
