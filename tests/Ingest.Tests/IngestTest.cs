namespace Ingest.Tests;

/// <summary>A test on its class's or collection's shared host: the database and the host's memory of streams are reset before each test.</summary>
public abstract class IngestTest(IngestHostFixture fixture) : IAsyncLifetime
{
    protected IngestHostFixture Fixture { get; } = fixture;
    protected IngestHost Host => Fixture.Host;
    protected TestClock Clock => Fixture.Clock;

    public Task InitializeAsync() => Fixture.ResetAsync();

    /// <summary>A reset within a test, for tests that try the same thing several times.</summary>
    protected Task ResetAsync() => Fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;
}
