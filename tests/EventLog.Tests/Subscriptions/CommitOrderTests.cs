using Testing;
using Npgsql;

namespace EventLog.Tests.Subscriptions;

public sealed class CommitOrderTests : SubscriptionTest
{
    [Fact]
    public async Task SubscriptionsSeeEveryCommittedEventOnceInOneOrderAndNoRolledBackOne()
    {
        using var cts = new CancellationTokenSource();
        var options = new SubscriptionOptions("a") { BatchSize = 7, PollInterval = TimeSpan.FromMilliseconds(50) };
        var first = Log.Runner(new RecordingHandler(), options);
        var second = Log.Runner(new RecordingHandler(), options with { Name = "b", BatchSize = 13 });
        var running = Task.WhenAll(first.RunAsync(cts.Token), second.RunAsync(cts.Token));

        // 12 writers; some keep their transaction open for a while (they commit late, after younger ones),
        // some roll back. Readers run all along, so they are tempted to pass the late ones over.
        var committed = new List<string>();
        await Task.WhenAll(Enumerable.Range(0, 12).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            for (var i = 0; i < 25; i++)
            {
                var id = $"w{w}-{i}";
                var rollBack = random.Next(5) == 0;
                var holdMs = random.Next(4) == 0 ? random.Next(50, 400) : 0;
                await AppendInOwnTransactionAsync(id, holdMs, rollBack);
                if (!rollBack) lock (committed) committed.Add(id);
            }
        })));

        await first.CatchUpAsync(TimeSpan.FromSeconds(30));
        await second.CatchUpAsync(TimeSpan.FromSeconds(30));
        await cts.CancelAsync();
        await running;

        var seenA = await RecordingHandler.SeenAsync(Log.DataSource, "a");
        var seenB = await RecordingHandler.SeenAsync(Log.DataSource, "b");
        Assert.Equal(committed.Order(), seenA.Select(s => s.Key).Order());
        Assert.Equal(seenA.Select(s => s.Key), seenB.Select(s => s.Key));
        var positions = seenA.Select(s => s.Position).ToList();
        Assert.Equal(positions.Count, positions.Distinct().Count());
    }

    [Fact]
    public async Task AReaderWaitsForAnOlderOpenTransactionInsteadOfPassingItOver()
    {
        await using var late = await Log.DataSource.OpenConnectionAsync();
        await using var tx = await late.BeginTransactionAsync();
        await AppendSqlAsync(late, tx, "late");
        await Log.Store.AppendAsync("s-early", ExpectedVersion.Any, new Happened("early", 1));

        Assert.Empty(await Log.Store.ReadAllAsync(LogPosition.Start, 10));

        await tx.CommitAsync();
        // The horizon is cluster-wide: transactions of tests running beside this one may hold it a moment longer.
        IReadOnlyList<RecordedEvent> events = [];
        await Eventually.TrueAsync(async () => (events = await Log.Store.ReadAllAsync(LogPosition.Start, 10)).Count == 2, "both events visible");
        Assert.Equal(["late", "early"], events.Select(e => ((Happened)e.Data).Id));
    }

    private async Task AppendInOwnTransactionAsync(string id, int holdMs, bool rollBack)
    {
        await using var connection = await Log.DataSource.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await AppendSqlAsync(connection, tx, id);
        if (holdMs > 0) await Task.Delay(holdMs);
        if (rollBack) await tx.RollbackAsync();
        else await tx.CommitAsync();
    }

    private static async Task AppendSqlAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string id)
    {
        // The append function inside a transaction the test controls: the store's own appends commit at once.
        await using var command = new NpgsqlCommand("""
            SELECT status FROM eventlog.append($1, -1, ARRAY[gen_random_uuid()], ARRAY['happened'],
                ARRAY[jsonb_build_object('id', $2::text, 'number', 0)], NULL, NULL, NULL, NULL, now())
            """, connection, tx);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = $"stream-{id}" });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
        Assert.Equal(0, await command.ExecuteScalarAsync());
    }
}
