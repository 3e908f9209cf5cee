using System.Globalization;
using System.Reflection;
using Ingest.Reconciling.Reporting;
using Ingest.Reconciling.Running;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
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

    public static async Task<Results<Accepted<ReconcileRunView>, ReconcileRefused>> RequestAsync(
        string? from, string? to, string? provider,
        IEnumerable<IRecordingLister> listers, ReconcileStore store, TimeProvider clock, CancellationToken ct)
    {
        var providers = listers.Select(l => l.Provider).ToList();
        if (providers.Count == 0)
            return Refuse(RejectionKind.Conflict, "Reconciliation is off.", "Set Tencent:Api:SecretId and Tencent:Api:SecretKey to turn it on.");
        provider ??= providers[0];
        if (!providers.Contains(provider))
            return Refuse(RejectionKind.Invalid, "Unknown provider.", $"'{provider}' has no reconciler; known: {string.Join(", ", providers)}.");
        if (Time(from) is not { } start || Time(to) is not { } end)
            return Refuse(RejectionKind.Invalid, "A window is required.",
                "Give 'from' and 'to' as ISO 8601 times with an offset, e.g. from=2026-11-21T00:00:00Z&to=2026-11-21T06:00:00Z.");
        if (start >= end)
            return Refuse(RejectionKind.Invalid, "The window is empty.", "'from' must be before 'to'.");

        (start, end) = Reconciler.WholeSeconds(start, end);
        var run = await store.RequestAsync(provider, start, end, clock.GetUtcNow(), ct);
        return TypedResults.Accepted($"/admin/reconcile/runs/{run.Id}", ReconcileRunView.Of(run));
    }

    private static DateTimeOffset? Time(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time.ToUniversalTime() : null;

    private static ReconcileRefused Refuse(RejectionKind kind, string title, string detail) => new(new Rejection(kind, detail) { Title = title });
}

/// <summary>How a reconcile request is refused: a bad window or provider (400), reconciliation off (409).</summary>
public sealed class ReconcileRefused(Rejection rejection) : TypedProblem(rejection), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Declare(builder, RejectionKind.Invalid, RejectionKind.Conflict);
}
