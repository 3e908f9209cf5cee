using Testing;
using Npgsql;

namespace EventLog.Tests.Subscriptions;

public sealed class RunnerTests : SubscriptionTest
{
    private static readonly SubscriptionOptions Fast = new("projection")
    {
        PollInterval = TimeSpan.FromMilliseconds(50),
        LockRetryInterval = TimeSpan.FromMilliseconds(200),
        RetryDelay = TimeSpan.FromMilliseconds(10),
    };

    [Fact]
    public async Task ARunnerKilledMidBatchResumesWithNoDuplicatedEffect()
    {
        await AppendAsync(Enumerable.Range(0, 30).Select(i => $"e{i}"));
        var handler = new RecordingHandler("first") { PauseInsideBatch = new TaskCompletionSource() };
        using var firstStop = new CancellationTokenSource();
        var first = Log.Runner(handler, Fast with { BatchSize = 10 });
        var firstRun = first.RunAsync(firstStop.Token);

        // The batch's rows are written but not committed when the process "dies": its backend is terminated.
        await handler.EnteredPausedBatch.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await TerminateBackendsHoldingTheLockAsync();
        await firstStop.CancelAsync();
        await firstRun;

        var second = Log.Runner(new RecordingHandler("second"), Fast with { BatchSize = 10 });
        using var secondStop = new CancellationTokenSource();
        var secondRun = second.RunAsync(secondStop.Token);
        await Eventually.TrueAsync(async () => (await RecordingHandler.SeenAsync(Log.DataSource, "projection")).Count >= 30, "30 events projected");
        await secondStop.CancelAsync();
        await secondRun;

        var seen = await RecordingHandler.SeenAsync(Log.DataSource, "projection");
        Assert.Equal(Enumerable.Range(0, 30).Select(i => $"e{i}").Order(), seen.Select(s => s.Key).Order());
        Assert.All(seen, s => Assert.Equal("second", s.Runner));
    }

    [Fact]
    public async Task OnlyOneOfTwoRunnersIsActiveAndTheOtherTakesOverWhenItStops()
    {
        var a = Log.Runner(new RecordingHandler("a"), Fast);
        var b = Log.Runner(new RecordingHandler("b"), Fast);
        using var stopA = new CancellationTokenSource();
        using var stopB = new CancellationTokenSource();
        var runA = a.RunAsync(stopA.Token);
        await Eventually.TrueAsync(() => a.IsActive, "a active");
        var runB = b.RunAsync(stopB.Token);

        await AppendAsync(["before-1", "before-2"]);
        await Eventually.TrueAsync(async () => (await RecordingHandler.SeenAsync(Log.DataSource, "projection")).Count == 2, "2 events projected");
        Assert.False(b.IsActive);

        await stopA.CancelAsync();
        await runA;
        await Eventually.TrueAsync(() => b.IsActive, "b takes over", seconds: 10);
        await AppendAsync(["after-1"]);
        await Eventually.TrueAsync(async () => (await RecordingHandler.SeenAsync(Log.DataSource, "projection")).Count == 3, "3 events projected");
        await stopB.CancelAsync();
        await runB;

        var seen = await RecordingHandler.SeenAsync(Log.DataSource, "projection");
        Assert.Equal(["before-1", "before-2", "after-1"], seen.Select(s => s.Key));
        Assert.Equal(["a", "a", "b"], seen.Select(s => s.Runner));
    }

    [Fact]
    public async Task APoisonEventIsSkippedRecordedAndReplayedOnRequest()
    {
        var handler = new RecordingHandler();
        handler.FailOn.Add("bad");
        var runner = Log.Runner(handler, Fast with { OnPoison = PoisonPolicy.Skip, BatchSize = 10 });
        using var stop = new CancellationTokenSource();
        var run = runner.RunAsync(stop.Token);

        await AppendAsync(["good-1", "bad", "good-2"]);
        await runner.CatchUpAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(["good-1", "good-2"], (await RecordingHandler.SeenAsync(Log.DataSource, "projection")).Select(s => s.Key));
        var dead = Assert.Single(await Log.Admin.DeadLettersAsync("projection"));
        Assert.Equal(Fast.MaxAttempts, dead.Attempts);
        Assert.Contains("cannot project bad", dead.Error);
        Assert.Null(dead.ReplayedAt);
        Assert.Equal(1, Assert.Single(await Log.Admin.StatusAsync("projection")).DeadLetters);

        lock (handler.FailOn) handler.FailOn.Clear();
        await Log.Admin.RequestReplayAsync("projection");
        await Eventually.TrueAsync(async () => (await Log.Admin.DeadLettersAsync("projection"))[0].ReplayedAt is not null, "dead letter replayed");
        await stop.CancelAsync();
        await run;

        Assert.Equal(["good-1", "good-2", "bad"], (await RecordingHandler.SeenAsync(Log.DataSource, "projection")).Select(s => s.Key));
        Assert.Equal(0, Assert.Single(await Log.Admin.StatusAsync("projection")).DeadLetters);
    }

    [Fact]
    public async Task APoisonEventStopsTheSubscriptionUntilRestarted()
    {
        var handler = new RecordingHandler();
        handler.FailOn.Add("bad");
        var runner = Log.Runner(handler, Fast with { OnPoison = PoisonPolicy.Stop, BatchSize = 10 });
        using var stop = new CancellationTokenSource();
        var run = runner.RunAsync(stop.Token);

        await AppendAsync(["good-1", "bad", "good-2"]);
        await Eventually.TrueAsync(async () => (await Log.Admin.StatusAsync("projection")) is [{ State: SubscriptionState.Stopped }], "stopped");
        var status = Assert.Single(await Log.Admin.StatusAsync("projection"));
        Assert.Contains("cannot project bad", status.LastError);
        Assert.Equal(2, status.LagEvents);
        Assert.Equal(["good-1"], (await RecordingHandler.SeenAsync(Log.DataSource, "projection")).Select(s => s.Key));

        lock (handler.FailOn) handler.FailOn.Clear();
        await Log.Admin.RestartAsync("projection");
        await Eventually.TrueAsync(async () => (await RecordingHandler.SeenAsync(Log.DataSource, "projection")).Count == 3, "resumed");
        await stop.CancelAsync();
        await run;

        Assert.Equal(["good-1", "bad", "good-2"], (await RecordingHandler.SeenAsync(Log.DataSource, "projection")).Select(s => s.Key));
        var after = Assert.Single(await Log.Admin.StatusAsync("projection"));
        Assert.Equal((SubscriptionState.Running, 0L), (after.State, after.LagEvents));
    }

    [Fact]
    public async Task AStoredEventThatNoLongerDecodesIsTreatedAsPoisonNotACrash()
    {
        await AppendAsync(["good-1", "mangled", "good-2"]);
        await using (var mangle = Log.DataSource.CreateCommand(
            """UPDATE eventlog.events SET data = '{"id": 5, "number": "five"}' WHERE stream_id = 'stream-mangled'"""))
            await mangle.ExecuteNonQueryAsync();
        var runner = Log.Runner(new RecordingHandler(), Fast with { OnPoison = PoisonPolicy.Skip, BatchSize = 10 });
        using var stop = new CancellationTokenSource();
        var run = runner.RunAsync(stop.Token);

        await runner.CatchUpAsync(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        await run;

        Assert.Equal(["good-1", "good-2"], (await RecordingHandler.SeenAsync(Log.DataSource, "projection")).Select(s => s.Key));
        var dead = Assert.Single(await Log.Admin.DeadLettersAsync("projection"));
        Assert.Contains("does not decode", dead.Error);
        var read = (await Log.Store.ReadStreamAsync("stream-mangled")).Single();
        Assert.IsType<UndecodableEvent>(read.Data);
    }

    [Fact]
    public async Task AnIdleRunnerWakesOnANotificationLongBeforeItsNextPoll()
    {
        var poll = TimeSpan.FromMinutes(5);
        var runner = Log.Runner(new RecordingHandler(), Fast with { PollInterval = poll });
        using var stop = new CancellationTokenSource();
        var run = runner.RunAsync(stop.Token);
        // Idle: its last read found nothing, so only a notification or the poll five minutes away can wake it now.
        await Eventually.TrueAsync(async () => await RunnerIsIdleAsync(), "the runner waits after an empty read");

        var appended = await Log.Store.AppendAsync("stream-wake-up", ExpectedVersion.NoStream, new Happened("wake-up", 0));
        // Fails unless handled within a fifth of the poll interval: only the notification can have woken it.
        await Eventually.TrueAsync(async () => (await RecordingHandler.SeenAsync(Log.DataSource, "projection")).Count == 1,
            "handled without waiting for the poll", seconds: (int)(poll / 5).TotalSeconds);
        await stop.CancelAsync();
        await run;

        Assert.Equal(["wake-up"], (await RecordingHandler.SeenAsync(Log.DataSource, "projection")).Select(s => s.Key));
        Assert.Equal(appended.FirstPosition, runner.Checkpoint.Position);
    }

    [Fact]
    public async Task StatusReportsLagInEventsAndSecondsAgainstTheHead()
    {
        var runner = await CheckpointAfterOneEventAsync();

        await AppendAsync(["two", "three"]);
        var status = Assert.Single(await Log.Admin.StatusAsync("projection"));
        Assert.Equal(2, status.LagEvents);
        Assert.True(status.LagSeconds >= 0);
        Assert.True(status.Head > status.Checkpoint);
        Assert.Equal(runner.Checkpoint, status.Checkpoint);
    }

    [Fact]
    public async Task ALagBeyondTheExactLimitIsEstimatedFromPositionsInsteadOfCounted()
    {
        await CheckpointAfterOneEventAsync();

        await AppendAsync(Enumerable.Range(0, 25).Select(i => $"later-{i}"));
        var bounded = new SubscriptionAdmin(Log.Store) { ExactLagLimit = 10 };
        Assert.Equal(25, Assert.Single(await bounded.StatusAsync("projection")).LagEvents);
        Assert.Equal(25, Assert.Single(await Log.Admin.StatusAsync("projection")).LagEvents);

        // A rolled-back append burns a position: the estimate counts it, the exact count does not.
        await using (var connection = await Log.DataSource.OpenConnectionAsync())
        await using (var tx = await connection.BeginTransactionAsync())
        {
            await using var insert = new NpgsqlCommand("""
                INSERT INTO eventlog.events (stream_id, stream_version, event_id, event_type, data, recorded_at)
                VALUES ('rolled-back', 1, gen_random_uuid(), 'happened', '{}', now())
                """, connection, tx);
            await insert.ExecuteNonQueryAsync();
            await tx.RollbackAsync();
        }
        await AppendAsync(["after-rollback"]);
        Assert.Equal(27, Assert.Single(await bounded.StatusAsync("projection")).LagEvents);
        Assert.Equal(26, Assert.Single(await Log.Admin.StatusAsync("projection")).LagEvents);
    }

    private async Task<SubscriptionRunner> CheckpointAfterOneEventAsync()
    {
        var runner = Log.Runner(new RecordingHandler(), Fast);
        using var stop = new CancellationTokenSource();
        var run = runner.RunAsync(stop.Token);
        await AppendAsync(["one"]);
        await runner.CatchUpAsync(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        await run;
        return runner;
    }

    private async Task AppendAsync(IEnumerable<string> ids)
    {
        foreach (var id in ids)
            await Log.Store.AppendAsync($"stream-{id}", ExpectedVersion.NoStream, new Happened(id, 0));
    }

    /// <summary>The lock holder's session is idle after the check that follows an empty read: the runner waits.</summary>
    private async Task<bool> RunnerIsIdleAsync() => await Log.ScalarAsync<long>("""
        SELECT count(*) FROM pg_stat_activity a JOIN pg_locks l ON l.pid = a.pid
        WHERE l.locktype = 'advisory' AND l.granted AND a.datname = current_database()
          AND a.state = 'idle' AND a.query LIKE '%ORDER BY transaction_id DESC, position DESC LIMIT 1%'
        """) == 1;

    private async Task TerminateBackendsHoldingTheLockAsync()
    {
        await using var command = Log.DataSource.CreateCommand("""
            SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
            """);
        await command.ExecuteNonQueryAsync();
    }
}
