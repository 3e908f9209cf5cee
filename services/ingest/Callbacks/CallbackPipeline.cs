using Ingest.Committing;
using Ingest.LiveStreams;
using Ingest.Senders;

namespace Ingest.Callbacks;

/// <summary>What an operator waives when replaying a quarantined callback.</summary>
public sealed record ReplayWaivers(bool AcceptExpired = false, bool SkipSignature = false)
{
    public static readonly ReplayWaivers None = new();
}

/// <summary>Accepted (its events are committed, or were already) or refused with a reason.</summary>
public sealed record CallbackResult(CommitStatus? Committed, Refusal? Refusal);

/// <summary>
/// Verify, parse, decide and commit one callback of any sender: the same path for live callbacks and replays. The
/// sender authenticates and parses; committing is shared.
/// </summary>
public sealed class CallbackPipeline(GroupCommitter committer, IngestOptions options, TimeProvider clock)
{
    public async Task<CallbackResult> HandleAsync(ISender sender, SenderRequest request, ReplayWaivers waivers, CancellationToken ct)
    {
        using var activity = IngestTelemetry.ActivitySource.StartActivity("ingest callback");
        activity?.SetTag("ingest.provider", sender.Provider);
        if (sender.NotConfigured is { } missing)
            return Refused(new Refusal(RefusalKind.SenderNotConfigured, $"The {sender.Provider} sender is off: {missing}."));
        if (!waivers.SkipSignature && sender.Authenticate(request, clock.GetUtcNow(), waivers.AcceptExpired) is { } bad) return Refused(bad);
        var parsed = sender.Parse(request);
        if (parsed.Refusal is { } invalid) return Refused(invalid);

        activity?.SetTag("ingest.stream", string.Join(",", parsed.Callbacks.Select(c => c.LogStreamId).Distinct()));
        // Each fact has its own idempotency key: committed together or not, a retry of the whole callback appends only what is missing.
        var outcomes = await Task.WhenAll(parsed.Callbacks.Select(c => CommitAsync(c, ct)));
        if (outcomes.FirstOrDefault(o => o.Status == CommitStatus.Unavailable) is { } unavailable)
            return Refused(new Refusal(RefusalKind.Unavailable, $"Nothing was acknowledged: {unavailable.Detail}"));
        return new CallbackResult(outcomes.All(o => o.Status == CommitStatus.Duplicate) ? CommitStatus.Duplicate : CommitStatus.Appended, null);
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

    private static CallbackResult Refused(Refusal refusal) => new(null, refusal);
}
