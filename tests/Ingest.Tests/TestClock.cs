namespace Ingest.Tests;

/// <summary>
/// A clock the test moves (senders without times of their own date files by the callback's arrival); it reads the
/// system's time until a test sets <see cref="Now"/>, and again after <see cref="Reset"/>.
/// </summary>
public sealed class TestClock : TimeProvider
{
    private DateTimeOffset? _now;

    public TestClock()
    {
    }

    public TestClock(DateTimeOffset now) => _now = now;

    public DateTimeOffset Now
    {
        get => _now ?? TimeProvider.System.GetUtcNow();
        set => _now = value;
    }

    public void Reset() => _now = null;

    public override DateTimeOffset GetUtcNow() => Now;
}
