using Testing;

namespace EventLog.Tests.Subscriptions;

/// <summary>The log's public surface for hosts that version their subscriptions (blue/green read models).</summary>
public sealed class SubscriptionAdminTests : SubscriptionTest
{
    [Fact]
    public async Task AForgottenSubscriptionStartsAgainFromTheLogsStart()
    {
        await Log.Store.AppendAsync("stream-a", ExpectedVersion.NoStream, new Happened("a", 0));
        await RunToHeadAsync("things@v1");
        var before = await Log.Admin.CheckpointAsync("things@v1");
        Assert.Equal((await Log.Store.HeadAsync()).Position, before!.Position.Position);

        await using (var connection = await Log.DataSource.OpenConnectionAsync())
        await using (var tx = await connection.BeginTransactionAsync())
        {
            await Log.Admin.ForgetAsync("things@v1", tx);
            await tx.RollbackAsync();
        }
        Assert.Equal(before, await Log.Admin.CheckpointAsync("things@v1"));

        await Log.Admin.ForgetAsync("things@v1");
        Assert.Null(await Log.Admin.CheckpointAsync("things@v1"));
        await RunToHeadAsync("things@v1");
        Assert.Equal(2, (await RecordingHandler.SeenAsync(Log.DataSource, "things@v1")).Count);
    }

    [Fact]
    public async Task NamesAreListedByPrefixAndACheckpointSaysWhetherItStopped()
    {
        await Log.Store.AppendAsync("stream-a", ExpectedVersion.NoStream, new Happened("a", 0));
        await RunToHeadAsync("things@v1");
        await RunToHeadAsync("things@v2");
        await RunToHeadAsync("other@v1");

        Assert.Equal(["things@v1", "things@v2"], await Log.Admin.NamesAsync("things@v"));
        var checkpoint = await Log.Admin.CheckpointAsync("things@v2");
        Assert.Equal(SubscriptionState.Running, checkpoint!.State);
        Assert.Null(checkpoint.LastError);
        Assert.Null(await Log.Admin.CheckpointAsync("things@v3"));
    }

    private async Task RunToHeadAsync(string name)
    {
        var runner = Log.Runner(new RecordingHandler(), new SubscriptionOptions(name) { PollInterval = TimeSpan.FromMilliseconds(50) });
        using var stop = new CancellationTokenSource();
        var run = runner.RunAsync(stop.Token);
        await Eventually.TrueAsync(() => runner.IsActive, "active");
        await runner.CatchUpAsync(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        await run;
    }
}
