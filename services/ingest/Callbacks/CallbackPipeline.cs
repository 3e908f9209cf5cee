using Ingest.Callbacks.Checking;
using Ingest.Committing;
using Ingest.LiveStreams;
using Ingest.Senders;
using Microsoft.Extensions.Logging;

namespace Ingest.Callbacks;

/// <summary>
/// Verify, parse, check, decide and commit one callback of any sender: the same path for live callbacks and replays.
/// The sender authenticates and parses; the storable check and committing are shared. 503 only when the database
/// could not commit; anything else that goes wrong refuses this callback alone (500, quarantined by the caller).
/// </summary>
public sealed partial class CallbackPipeline(GroupCommitter committer, IngestOptions options, TimeProvider clock, ILogger<CallbackPipeline> logger)
{
    public async Task<CallbackResult> HandleAsync(ISender sender, SenderRequest request, ReplayWaivers waivers, CancellationToken ct)
    {
        using var activity = IngestTelemetry.ActivitySource.StartActivity("ingest callback");
        activity?.SetTag("ingest.provider", sender.Provider);
        try
        {
            if (sender.NotConfigured is { } missing)
                return CallbackResult.Refused(new Refusal(RefusalKind.SenderNotConfigured, $"The {sender.Provider} sender is off: {missing}."));
            if (!waivers.SkipSignature && sender.Authenticate(request, clock.GetUtcNow(), waivers.AcceptExpired) is { } bad) return CallbackResult.Refused(bad);
            var parsed = sender.Parse(request);
            if (parsed.Refusal is { } invalid) return CallbackResult.Refused(invalid);
            // Whatever the sender, nothing reaches the database that it cannot store: refused here, naming the value.
            foreach (var callback in parsed.Callbacks)
                if (StorableFacts.Check(callback) is { } unstorable) return CallbackResult.Refused(unstorable);

            activity?.SetTag("ingest.stream", string.Join(",", parsed.Callbacks.Select(c => c.LogStreamId).Distinct()));
            // Each fact has its own idempotency key: committed together or not, a retry of the whole callback appends only what is missing.
            // Most callbacks report one fact: awaited alone, without a task that waits for all.
            CommitOutcome[] outcomes = parsed.Callbacks.Count == 1
                ? [await CommitAsync(parsed.Callbacks[0], ct)]
                : await Task.WhenAll(parsed.Callbacks.Select(c => CommitAsync(c, ct)));
            if (outcomes.FirstOrDefault(o => o.Status == CommitStatus.Unavailable) is { } unavailable)
                return CallbackResult.Refused(new Refusal(RefusalKind.Unavailable, $"Nothing was acknowledged: {unavailable.Detail}."));
            if (outcomes.FirstOrDefault(o => o.Status == CommitStatus.Rejected) is { } rejected)
                return CallbackResult.Refused(Refusal.Internal(rejected.Detail ?? "the database refused the callback"));
            return new CallbackResult(outcomes.All(o => o.Status == CommitStatus.Duplicate) ? CommitStatus.Duplicate : CommitStatus.Appended, null);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            // A bug, or data no check foresaw: this callback alone is refused (500) and kept, never lost.
            LogFailed(logger, ex, sender.Provider);
            return CallbackResult.Refused(Refusal.Internal(ex));
        }
    }

    private async Task<CommitOutcome> CommitAsync(LiveStreamCallback callback, CancellationToken ct)
    {
        try
        {
            return await committer.SubmitAsync(callback).WaitAsync(options.CommitTimeout, ct);
        }
        catch (TimeoutException)
        {
            return new CommitOutcome(CommitStatus.Unavailable, $"the commit did not finish within {options.CommitTimeout.TotalSeconds} s");
        }
    }

    [LoggerMessage(LogLevel.Error, "A {Provider} callback failed unexpectedly; it is refused with 500 and quarantined")]
    private static partial void LogFailed(ILogger logger, Exception ex, string provider);
}
