using System.Diagnostics;
using System.Text.Json.Serialization;
using EventLog;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Benchmarks;

/// <summary>Appends/s (1 and 16 writers) beside a raw single-row INSERT; catch-up events/s beside a raw sequential read.</summary>
public static class EventLogBenchmark
{
    private const int CatchUpEvents = 1_000_000;

    /// <summary>Appends beside raw INSERTs, alternating rounds so both see the same machine; medians printed.</summary>
    public static async Task AppendsAsync(BenchContext context)
    {
        var store = await CreateStoreAsync(context);
        await CreateRawTableAsync(store.DataSource);
        foreach (var writers in new[] { 1, 16 })
        {
            var perWriter = writers == 1 ? 2_000 : 400;
            List<double> raw = [], appends = [];
            for (var round = 0; round < 3; round++)
            {
                raw.Add(await BenchContext.RateAsync(writers, perWriter, (w, i) => RawInsertAsync(store.DataSource, $"raw-{round}-{writers}-{w}-{i}")));
                appends.Add(await BenchContext.RateAsync(writers, perWriter, (w, i) =>
                    store.AppendAsync($"bench-{round}-{writers}-{w}-{i}", ExpectedVersion.NoStream, new BenchHappened($"{w}-{i}", i))));
            }
            BenchContext.Compare($"appends, {writers} writer(s), median of 3", BenchContext.Median(appends), "raw INSERT", BenchContext.Median(raw));
        }
    }

    /// <summary>A subscription catching up over 1,000,000 events beside a raw sequential read of the same rows.</summary>
    public static async Task CatchUpAsync(BenchContext context)
    {
        var store = await CreateStoreAsync(context);
        var seeded = await SeedAsync(store.DataSource);
        var rawRead = await RawSequentialReadAsync(store.DataSource);
        var subscription = await SubscriptionCatchUpAsync(store);
        BenchContext.Line("seeded events (1,000 per transaction)", $"{seeded:N0} events");
        BenchContext.Compare("subscription catch-up", subscription, "raw sequential read", rawRead, "events/s");
    }

    private static async Task<EventStore> CreateStoreAsync(BenchContext context)
    {
        // Auto-prepare serves the raw baseline and the store alike: both repeat one statement shape.
        var connectionString = new NpgsqlConnectionStringBuilder(await context.NewDatabaseAsync()) { MaxAutoPrepare = 20 }.ConnectionString;
        var dataSource = NpgsqlDataSource.Create(connectionString);
        var options = new EventStoreOptions { ConnectionString = connectionString };
        await EventLogSchema.EnsureAsync(dataSource, options.Schema);
        var types = new EventTypeRegistry().Register("bench-happened", BenchJson.Default.BenchHappened);
        return new EventStore(dataSource, types, TimeProvider.System, options);
    }

    private static async Task CreateRawTableAsync(NpgsqlDataSource dataSource)
    {
        // The same columns as the log's events table, without the log's logic: the raw cost of one durable row.
        await using var command = dataSource.CreateCommand("""
            CREATE TABLE raw_events (
                position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
                stream_id text NOT NULL, stream_version bigint NOT NULL, event_id uuid NOT NULL, event_type text NOT NULL,
                data jsonb NOT NULL, correlation_id text, causation_id text, traceparent text, idempotency_key text,
                recorded_at timestamptz NOT NULL, UNIQUE (stream_id, stream_version));
            CREATE INDEX ON raw_events (transaction_id, position);
            """);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task RawInsertAsync(NpgsqlDataSource dataSource, string streamId)
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO raw_events (stream_id, stream_version, event_id, event_type, data, recorded_at) VALUES ($1, 1, $2, 'bench-happened', $3::jsonb, now())");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = streamId });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = Guid.CreateVersion7() });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = """{"id":"x","number":1}""" });
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> SeedAsync(NpgsqlDataSource dataSource)
    {
        for (var chunk = 0; chunk < CatchUpEvents / 1_000; chunk++)
        {
            await using var command = dataSource.CreateCommand("""
                INSERT INTO eventlog.events (stream_id, stream_version, event_id, event_type, data, recorded_at)
                SELECT 'seed-' || (g / 10), g % 10 + 1, gen_random_uuid(), 'bench-happened',
                       jsonb_build_object('id', 'seed-' || g, 'number', g), now()
                FROM generate_series($1::bigint * 1000, $1::bigint * 1000 + 999) g
                """);
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = chunk });
            await command.ExecuteNonQueryAsync();
        }
        await using var analyze = dataSource.CreateCommand("VACUUM ANALYZE eventlog.events");
        await analyze.ExecuteNonQueryAsync();
        await using var count = dataSource.CreateCommand("SELECT count(*) FROM eventlog.events");
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private static async Task<double> RawSequentialReadAsync(NpgsqlDataSource dataSource)
    {
        var watch = Stopwatch.StartNew();
        await using var command = dataSource.CreateCommand(
            "SELECT transaction_id, position, stream_id, stream_version, event_id, event_type, data::text, recorded_at FROM eventlog.events ORDER BY transaction_id, position");
        await using var reader = await command.ExecuteReaderAsync();
        long rows = 0;
        while (await reader.ReadAsync())
        {
            reader.GetFieldValue<ulong>(0); reader.GetInt64(1); reader.GetString(2); reader.GetInt64(3);
            reader.GetGuid(4); reader.GetString(5); reader.GetString(6); reader.GetFieldValue<DateTimeOffset>(7);
            rows++;
        }
        return rows / watch.Elapsed.TotalSeconds;
    }

    private static async Task<double> SubscriptionCatchUpAsync(EventStore store)
    {
        var handler = new CountingHandler();
        var runner = new SubscriptionRunner(store, handler, new SubscriptionOptions("bench-catch-up") { BatchSize = 2_000 },
            NullLogger<SubscriptionRunner>.Instance);
        using var cts = new CancellationTokenSource();
        var watch = Stopwatch.StartNew();
        var running = runner.RunAsync(cts.Token);
        await runner.CatchUpAsync(TimeSpan.FromMinutes(10));
        var rate = handler.Count / watch.Elapsed.TotalSeconds;
        await cts.CancelAsync();
        await running;
        return rate;
    }

    private sealed class CountingHandler : ISubscriptionHandler
    {
        public long Count;

        public Task HandleAsync(IReadOnlyList<RecordedEvent> events, SubscriptionContext context, CancellationToken ct)
        {
            Count += events.Count;
            return Task.CompletedTask;
        }
    }
}

public sealed record BenchHappened(string Id, int Number);

[JsonSerializable(typeof(BenchHappened))]
internal sealed partial class BenchJson : JsonSerializerContext;
