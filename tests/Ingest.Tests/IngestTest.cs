namespace Ingest.Tests;

/// <summary>A test on its class's or collection's shared host: the database and the host's memory of streams are reset before each test.</summary>
public abstract class IngestTest(IngestHostFixture fixture) : IAsyncLifetime
{
    protected IngestHost Host => fixture.Host;
    protected TestClock Clock => fixture.Clock;

    public Task InitializeAsync() => fixture.ResetAsync();

    /// <summary>A reset within a test, for tests that try the same thing several times.</summary>
    protected Task ResetAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;
}
