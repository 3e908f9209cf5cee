using System.Runtime.ExceptionServices;

namespace EventLog;

/// <summary>One command's events for one stream; appended all or nothing.</summary>
public sealed record AppendRequest(
    string StreamId,
    ExpectedVersion Expected,
    IReadOnlyList<object> Events,
    EventMetadata? Metadata = null,
    string? IdempotencyKey = null);

public enum AppendStatus
{
    Appended,
    /// <summary>The idempotency key was seen before: nothing was appended; the versions are the original append's.</summary>
    Duplicate,
    /// <summary>The stream was not at the expected version: nothing was appended.</summary>
    WrongExpectedVersion,
    /// <summary>The database refused this command's own data (or it could not be written): nothing was appended; see <c>Error</c>.</summary>
    Rejected,
}

/// <summary>
/// The outcome of one append. <c>StreamVersion</c> is the stream's version after it (or its actual version on a
/// conflict); <c>Error</c> is why a <see cref="AppendStatus.Rejected"/> command was refused.
/// </summary>
public sealed record AppendResult(AppendStatus Status, long StreamVersion, long? FirstPosition, ExceptionDispatchInfo? Error = null);

public sealed class WrongExpectedVersionException(string streamId, ExpectedVersion expected, long actual)
    : Exception($"Stream '{streamId}' expected at version {expected} but is at {actual}.")
{
    public string StreamId { get; } = streamId;
    public ExpectedVersion Expected { get; } = expected;
    public long ActualVersion { get; } = actual;
}
