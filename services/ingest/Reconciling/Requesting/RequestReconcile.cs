using System.Globalization;
using Ingest.Reconciling.Reporting;
using Ingest.Reconciling.Running;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Builder;

namespace Ingest.Reconciling.Requesting;

/// <summary>
/// <c>POST /admin/reconcile?from=&amp;to=[&amp;provider=]</c>: queues a run over a window of creation times (ISO 8601).
/// Whichever replica runs the reconciler takes it at once; the watermark is left alone.
/// </summary>
public static class RequestReconcile
{
    public static RouteGroupBuilder MapRequestReconcile(this RouteGroupBuilder admin)
    {
        admin.MapPost("/", RequestAsync).WithName("RequestReconcile");
        return admin;
    }

    public static async Task<Results<Accepted<ReconcileRunView>, ProblemHttpResult>> RequestAsync(
        string? from, string? to, string? provider,
        IEnumerable<IRecordingLister> listers, ReconcileStore store, TimeProvider clock, CancellationToken ct)
    {
        var providers = listers.Select(l => l.Provider).ToList();
        if (providers.Count == 0)
            return Problem(StatusCodes.Status409Conflict, "Reconciliation is off.", "Set Tencent:Api:SecretId and Tencent:Api:SecretKey to turn it on.");
        provider ??= providers[0];
        if (!providers.Contains(provider))
            return Problem(StatusCodes.Status400BadRequest, "Unknown provider.", $"'{provider}' has no reconciler; known: {string.Join(", ", providers)}.");
        if (Time(from) is not { } start || Time(to) is not { } end)
            return Problem(StatusCodes.Status400BadRequest, "A window is required.",
                "Give 'from' and 'to' as ISO 8601 times with an offset, e.g. from=2026-11-21T00:00:00Z&to=2026-11-21T06:00:00Z.");
        if (start >= end)
            return Problem(StatusCodes.Status400BadRequest, "The window is empty.", "'from' must be before 'to'.");

        (start, end) = Reconciler.WholeSeconds(start, end);
        var run = await store.RequestAsync(provider, start, end, clock.GetUtcNow(), ct);
        return TypedResults.Accepted($"/admin/reconcile/runs/{run.Id}", ReconcileRunView.Of(run));
    }

    private static DateTimeOffset? Time(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time.ToUniversalTime() : null;

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(detail, statusCode: status, title: title);
}
