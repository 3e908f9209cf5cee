using Ingest.Callbacks.Checking;
using Ingest.Committing;
using Ingest.LiveStreams;

namespace Ingest.Callbacks.Accepting;

/// <summary>
/// The steps every sender's parsed callback goes through: the storable check, then the group commit, then the
/// outcome as a result. 503 (retry) only when the database could not commit; a callback the database refused alone
/// is an internal error (500, quarantined by the caller).
/// </summary>
public sealed class AcceptCallback(GroupCommitter committer, IngestOptions options)
{
    public async Task<CallbackResult> CommitAsync(LiveStreamCallback callback, CancellationToken ct)
    {
        if (StorableFacts.Check(callback) is { } unstorable) return CallbackResult.Refused(unstorable);
        CommitOutcome outcome;
        try
        {
            outcome = await committer.SubmitAsync(callback).WaitAsync(options.CommitTimeout, ct);
        }
        catch (TimeoutException)
        {
            outcome = new CommitOutcome(CommitStatus.Unavailable, $"the commit did not finish within {options.CommitTimeout.TotalSeconds} s");
        }
        return outcome.Status switch
        {
            CommitStatus.Unavailable => CallbackResult.Refused(new Refusal(RefusalKind.Unavailable, $"Nothing was acknowledged: {outcome.Detail}.")),
            CommitStatus.Rejected => CallbackResult.Refused(Refusal.Internal(outcome.Detail ?? "the database refused the callback")),
            var committed => new CallbackResult(committed, null),
        };
    }
}
