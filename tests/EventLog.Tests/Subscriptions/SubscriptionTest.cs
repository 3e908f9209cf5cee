namespace EventLog.Tests.Subscriptions;

/// <summary>A subscription test on a log of its own, with the table <see cref="RecordingHandler"/> writes to.</summary>
public abstract class SubscriptionTest : IAsyncLifetime
{
    protected TestLog Log { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Log = await TestLog.CreateAsync();
        await RecordingHandler.CreateTableAsync(Log.DataSource);
    }

    public async Task DisposeAsync() => await Log.DisposeAsync();
}
