using Ingest.Callbacks;
using Ingest.Committing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ingest.Quarantine.Replaying;

/// <summary>What a replay did: accepted (committed now or before) or refused again, and why.</summary>
public sealed record ReplayOutcome(long Id, int Status, string Outcome, string? Detail);

/// <summary>
/// <c>POST /admin/quarantine/{id}/replay?acceptExpired=&amp;skipSignature=</c>: runs the stored body through the same
/// pipeline as a live callback. An expired signature stays refused unless the operator waives the expiry
/// (<c>acceptExpired=true</c>: the signature must still match a key); <c>skipSignature=true</c> vouches for the body.
/// </summary>
public static class ReplayQuarantined
{
    public static RouteGroupBuilder MapReplayQuarantined(this RouteGroupBuilder admin)
    {
        admin.MapPost("/{id:long}/replay", ReplayAsync).WithName("ReplayQuarantined")
            .Produces<ReplayOutcome>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return admin;
    }

    public static async Task<IResult> ReplayAsync(
        long id, bool? acceptExpired, bool? skipSignature, QuarantineStore store, TencentCallbackPipeline pipeline, CancellationToken ct)
    {
        var quarantined = await store.GetAsync(id, ct);
        if (quarantined is null)
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such quarantined callback.", detail: $"Id {id} is not in quarantine.");
        if (quarantined.Entry.BodyTruncated)
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The stored body is truncated.",
                detail: $"Only the first {quarantined.Entry.Body.Length} bytes were kept; the callback cannot be replayed as sent.");

        var result = await pipeline.HandleAsync(quarantined.Entry.Body, new ReplayWaivers(acceptExpired == true, skipSignature == true), ct);
        if (result.Refusal is { Kind: RefusalKind.Unavailable } unavailable) return CallbackProblems.ToResult(unavailable);

        var outcome = result.Refusal is { } refusal
            ? new ReplayOutcome(id, refusal.StatusCode, CallbackProblems.Kebab(refusal.Kind), refusal.Detail)
            : new ReplayOutcome(id, StatusCodes.Status200OK, result.Committed == CommitStatus.Duplicate ? "duplicate" : "appended", null);
        await store.RecordReplayAsync(id, outcome.Status, outcome.Detail ?? outcome.Outcome, result.Refusal is null, ct);
        return result.Refusal is { } again ? CallbackProblems.ToResult(again, id) : Results.Ok(outcome);
    }
}
