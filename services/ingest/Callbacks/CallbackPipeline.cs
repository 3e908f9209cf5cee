using System.Text.Json;
using Ingest.Committing;
using Ingest.Tencent;

namespace Ingest.Callbacks;

/// <summary>What an operator waives when replaying a quarantined callback.</summary>
public sealed record ReplayWaivers(bool AcceptExpired = false, bool SkipSignature = false)
{
    public static readonly ReplayWaivers None = new();
}

/// <summary>Accepted (its events are committed, or were already) or refused with a reason.</summary>
public sealed record CallbackResult(CommitStatus? Committed, Refusal? Refusal);

/// <summary>Verify, parse, decide and commit one Tencent callback: the same path for live callbacks and replays.</summary>
public sealed class TencentCallbackPipeline(
    TencentSignature signature,
    TencentCallbackParser parser,
    GroupCommitter committer,
    IngestOptions options,
    TimeProvider clock)
{
    public async Task<CallbackResult> HandleAsync(ReadOnlyMemory<byte> body, ReplayWaivers waivers, CancellationToken ct)
    {
        using var activity = IngestTelemetry.ActivitySource.StartActivity("ingest callback");
        activity?.SetTag("ingest.provider", TencentCallbackParser.Provider);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            return Refused(new Refusal(RefusalKind.MalformedJson, $"The body is not valid JSON: {ex.Message}"));
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return Refused(new Refusal(RefusalKind.MalformedJson, $"The body is a JSON {root.ValueKind.ToString().ToLowerInvariant()}, not an object."));
            var now = clock.GetUtcNow();
            if (!waivers.SkipSignature && signature.Verify(root, now, waivers.AcceptExpired) is { } bad) return Refused(bad);
            var (callback, invalid) = parser.Parse(root, now);
            if (invalid is not null) return Refused(invalid);

            activity?.SetTag("ingest.stream", callback!.LogStreamId);
            CommitOutcome outcome;
            try
            {
                outcome = await committer.SubmitAsync(callback!).WaitAsync(options.CommitTimeout, ct);
            }
            catch (TimeoutException)
            {
                outcome = new CommitOutcome(CommitStatus.Unavailable, $"the commit did not finish within {options.CommitTimeout.TotalSeconds} s");
            }
            return outcome.Status == CommitStatus.Unavailable
                ? Refused(new Refusal(RefusalKind.Unavailable, $"Nothing was acknowledged: {outcome.Detail}"))
                : new CallbackResult(outcome.Status, null);
        }
    }

    private static CallbackResult Refused(Refusal refusal) => new(null, refusal);
}
