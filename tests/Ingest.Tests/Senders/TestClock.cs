namespace Ingest.Tests.Senders;

/// <summary>A clock the test moves: senders without times of their own date files by the callback's arrival.</summary>
public sealed class TestClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
