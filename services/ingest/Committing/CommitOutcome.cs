namespace Ingest.Committing;

public enum CommitStatus
{
    /// <summary>The callback's events are committed now.</summary>
    Appended,
    /// <summary>They were committed before (a repeat): nothing new.</summary>
    Duplicate,
    /// <summary>The database could not commit, or the outcome is unknown: the sender should retry.</summary>
    Unavailable,
    /// <summary>The database refused this callback's own data; the rest of its batch committed. Retrying will not help.</summary>
    Rejected,
}

/// <summary>What became of one submitted callback; <c>Detail</c> says why when it is not committed.</summary>
public sealed record CommitOutcome(CommitStatus Status, string? Detail = null);
