using EventLog;
using Ingest.LiveStreams;

namespace Ingest.Committing;

/// <summary>A submitted callback waiting for its outcome; its caller is answered once, by the first <c>Finish</c>.</summary>
internal sealed class PendingCallback(LiveStreamCallback callback, EventMetadata metadata)
{
    public LiveStreamCallback Callback { get; } = callback;
    public EventMetadata Metadata { get; } = metadata;
    public string StreamId => Callback.LogStreamId;
    public TaskCompletionSource<CommitOutcome> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>How many times its command met a stream moved by another writer.</summary>
    public int Conflicts { get; set; }

    public void Finish(CommitStatus status, string? detail = null) => Done.TrySetResult(new CommitOutcome(status, detail));
}

/// <summary>
/// One live stream's command in a batch: the events decided for its leader from the state <c>From</c>, and the exact
/// repeats of the leader (same idempotency key) that arrived with it and share its outcome.
/// </summary>
internal sealed record StreamCommand(PendingCallback Leader, List<PendingCallback> Followers, IReadOnlyList<object> Events, CachedStream From)
{
    public string StreamId => Leader.StreamId;
    public IEnumerable<PendingCallback> All => Followers.Prepend(Leader);

    /// <summary>Answers the leader, and its repeats as duplicates of it (or with the same failure).</summary>
    public void Complete(CommitStatus status, string? detail = null)
    {
        Leader.Finish(status, detail);
        var repeats = status is CommitStatus.Appended or CommitStatus.Duplicate ? CommitStatus.Duplicate : status;
        foreach (var f in Followers) f.Finish(repeats, detail);
    }
}
