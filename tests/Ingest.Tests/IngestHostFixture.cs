namespace Ingest.Tests;

/// <summary>
/// One ingest host for the tests of a class or collection (an xunit fixture), on a database of its own, with a clock
/// the tests set; <see cref="ResetAsync"/> gives each test an empty database and a host that remembers no stream.
/// Subclasses name the settings a group of tests needs.
/// </summary>
public class IngestHostFixture : IAsyncLifetime
{
    private readonly Dictionary<string, string?>? _settings;
    private readonly DateTimeOffset? _time;

    public IngestHostFixture()
        : this(null)
    {
    }

    /// <param name="time">Where the clock stands at the start of each test; unset, it follows the system's.</param>
    protected IngestHostFixture(Dictionary<string, string?>? settings, DateTimeOffset? time = null)
    {
        _settings = settings;
        _time = time;
    }

    public IngestHost Host { get; private set; } = null!;
    public TestClock Clock { get; } = new();

    public virtual async Task InitializeAsync() => Host = await IngestHost.StartAsync(settings: _settings, clock: Clock);

    public virtual async Task ResetAsync()
    {
        if (_time is { } time) Clock.Now = time;
        else Clock.Reset();
        await Host.ResetAsync();
    }

    public virtual async Task DisposeAsync() => await Host.DisposeAsync();
}
