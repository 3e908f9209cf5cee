using System.Reflection;
using Ingest.Callbacks;
using Ingest.Callbacks.Checking;
using Ingest.Committing;
using Ingest.Senders;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;

namespace Ingest.Quarantine.Replaying;

/// <summary>A replay that was accepted: its events are committed now (<c>appended</c>) or were before (<c>duplicate</c>).</summary>
public sealed record ReplayOutcome(long Id, int Status, string Outcome, string? Detail);

/// <summary>
/// <c>POST /admin/quarantine/{id}/replay?acceptExpired=&amp;skipSignature=</c>: runs the stored request through its own
/// sender and the same pipeline as a live callback. Where the proof of authenticity is in what was kept (Tencent's
/// signed body, Mux's signature header) it is checked again: an expired one stays refused unless the operator waives
/// the expiry (<c>acceptExpired=true</c>: it must still match a key). Where it is not kept (a token, an API key, a
/// bearer JWT), a callback refused after its check passed replays as authentic; one refused by the check itself needs
/// <c>skipSignature=true</c>, the operator vouching for the body.
/// Answers: 200 with the outcome when accepted; 409 (a problem document with <c>outcome: refused</c>, the callback's own
/// <c>reason</c>, <c>callbackStatus</c> and detail) when the stored callback is still refused; 401/403 only ever mean the
/// operator's own key was refused; 503 when the database is away.
/// </summary>
public static class ReplayQuarantined
{
    private static readonly HashSet<string> AuthenticityReasons =
        ["signature-missing", "signature-invalid", "signature-expired", "sender-not-configured", "body-too-large"];

    public static RouteGroupBuilder MapReplayQuarantined(this RouteGroupBuilder admin)
    {
        admin.MapPost("/{id:long}/replay", ReplayAsync).WithName("ReplayQuarantined");
        return admin;
    }

    public static async Task<Results<Ok<ReplayOutcome>, ReplayRefused>> ReplayAsync(
        long id, bool? acceptExpired, bool? skipSignature, QuarantineStore store, SenderDirectory senders, CallbackPipeline pipeline, CancellationToken ct)
    {
        var quarantined = await store.GetAsync(id, ct);
        if (quarantined is null)
            return new ReplayRefused(Rejection.NotFound($"Id {id} is not in quarantine.") with { Title = "No such quarantined callback." });
        var entry = quarantined.Entry;
        if (entry.BodyTruncated)
            return new ReplayRefused(new Rejection(RejectionKind.Conflict,
                $"Only the first {entry.Body.Length} bytes were kept; the callback cannot be replayed as sent.") { Title = "The stored body is truncated." });
        if (senders.Find(entry.Provider) is not { } sender)
            return new ReplayRefused(new Rejection(RejectionKind.Conflict,
                $"The callback came from '{entry.Provider}', which this ingest does not know.") { Title = "No sender handles this callback." });

        var waivers = new ReplayWaivers(acceptExpired == true, skipSignature == true);
        if (!sender.ProofIsKept && !waivers.SkipSignature)
        {
            if (AuthenticityReasons.Contains(entry.Reason))
                return Record(await store.RecordAsync(id, new CallbackResult(null, new Refusal(RefusalKind.SignatureMissing,
                    $"A {sender.Provider} callback's credential is not kept in quarantine, and this one was refused for '{entry.Reason}': replay with skipSignature=true to vouch for it.")), ct), id);
            waivers = waivers with { SkipSignature = true };
        }

        var request = SenderRequest.From(entry.Body, entry.Headers, entry.Path, quarantined.ReceivedAt);
        var result = await pipeline.HandleAsync(sender, request, waivers, ct);
        if (result.Refusal is { Kind: RefusalKind.Unavailable } unavailable) return new ReplayRefused(unavailable.ToRejection());
        return Record(await store.RecordAsync(id, result, ct), id);
    }

    private static Results<Ok<ReplayOutcome>, ReplayRefused> Record(CallbackResult result, long id) =>
        result.Refusal is { } again ? StillRefused(again, id)
            : TypedResults.Ok(new ReplayOutcome(id, StatusCodes.Status200OK, result.Committed == CommitStatus.Duplicate ? "duplicate" : "appended", null));

    /// <summary>
    /// The replay ran and the callback is refused again, for its own reason: a 409 about the stored callback, never
    /// the callback's 401 (which would read as the operator's key being refused).
    /// </summary>
    private static ReplayRefused StillRefused(Refusal refusal, long id) => new(new Rejection(RejectionKind.Conflict, refusal.Detail)
    {
        Title = "The stored callback is still refused.",
        Type = "https://catalog.local/problems/callback/still-refused",
        Extensions = new Dictionary<string, object?>
        {
            ["outcome"] = "refused",
            ["reason"] = refusal.Reason,
            ["callbackStatus"] = refusal.StatusCode,
            ["quarantineId"] = id,
        },
    });

    private static async Task<CallbackResult> RecordAsync(this QuarantineStore store, long id, CallbackResult result, CancellationToken ct)
    {
        var (status, detail) = result.Refusal is { } refusal
            ? (refusal.StatusCode, StorableText.Sanitize(refusal.QuarantineDetail))
            : (StatusCodes.Status200OK, result.Committed == CommitStatus.Duplicate ? "duplicate" : "appended");
        await store.RecordReplayAsync(id, status, detail, result.Refusal is null, ct);
        return result;
    }
}

/// <summary>How a replay is refused: no such callback (404), one that cannot be or still is refused (409), the database away (503).</summary>
public sealed class ReplayRefused(Rejection rejection) : TypedProblem(rejection), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        Declare(builder, RejectionKind.NotFound, RejectionKind.Conflict, RejectionKind.Unavailable);
}
