namespace EventLog;

/// <summary>Who asked for an append and in which trace; stored beside every event it produced.</summary>
public sealed record EventMetadata(
    string? CorrelationId = null,
    string? CausationId = null,
    string? TraceParent = null)
{
    public static readonly EventMetadata None = new();
}

/// <summary>An event as it stands in the log.</summary>
public sealed record RecordedEvent(
    LogPosition Position,
    string StreamId,
    long StreamVersion,
    Guid EventId,
    string EventType,
    object Data,
    EventMetadata Metadata,
    string? IdempotencyKey,
    DateTimeOffset RecordedAt);
