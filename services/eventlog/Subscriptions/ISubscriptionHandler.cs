namespace EventLog;

/// <summary>
/// Handles a batch of events inside the transaction that also advances the subscription's checkpoint:
/// the handler's writes and the checkpoint commit together or not at all.
/// </summary>
public interface ISubscriptionHandler
{
    Task HandleAsync(IReadOnlyList<RecordedEvent> events, SubscriptionContext context, CancellationToken ct);

    /// <summary>
    /// Whether the handler reads events of this stored type. A stored event that no longer decodes is poison only to
    /// handlers that read its type; the others are handed it as an <see cref="UndecodableEvent"/> and ignore it.
    /// </summary>
    bool Reads(string eventType) => true;
}

/// <summary>What a subscription does with an event its handler keeps failing on.</summary>
public enum PoisonPolicy
{
    /// <summary>Record it and stop the subscription until an operator restarts it.</summary>
    Stop,
    /// <summary>Record it, move past it, and keep it for a later replay.</summary>
    Skip,
}

public sealed record SubscriptionOptions(string Name)
{
    public int BatchSize { get; init; } = 500;
    public PoisonPolicy OnPoison { get; init; } = PoisonPolicy.Stop;
    public int MaxAttempts { get; init; } = 3;
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(100);
    /// <summary>How often an idle runner looks at the log when no notification arrives.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>How often a standby runner tries to take the subscription over.</summary>
    public TimeSpan LockRetryInterval { get; init; } = TimeSpan.FromSeconds(1);
}
