using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Builder;

namespace Ingest.Reconciling.Reporting;

/// <summary>A run as operators see it; <c>state</c> is <c>pending</c>, <c>running</c> or the outcome (<c>succeeded</c>, <c>auth-failed</c>, <c>throttled</c>, ...).</summary>
public sealed record ReconcileRunView(
    long Id,
    string Provider,
    string Kind,
    DateTimeOffset From,
    DateTimeOffset To,
    DateTimeOffset RequestedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string State,
    DateTimeOffset? ScannedTo,
    RunCounts Files,
    string? Error)
{
    public static ReconcileRunView Of(ReconcileRun run) => new(
        run.Id, run.Provider, run.Kind == RunKind.Scheduled ? "scheduled" : "requested", run.From, run.To, run.RequestedAt,
        run.StartedAt, run.FinishedAt, run.Outcome ?? (run.StartedAt is null ? "pending" : "running"), run.ScannedTo, run.Counts, run.Error);
}

/// <summary>One provider's reconciler: the watermark of fully scanned creation time, recoveries, the last run and the last failure.</summary>
public sealed record ReconcilerStatus(
    string Provider,
    DateTimeOffset? Watermark,
    long RecoveredTotal,
    ReconcileRunView? LastRun,
    ReconcileRunView? LastFailure,
    IReadOnlyList<ReconcileRunView> Pending,
    IReadOnlyList<ReconcileRunView> Recent);

public sealed record ReconcileStatus(bool Enabled, string? Detail, IReadOnlyList<ReconcilerStatus> Reconcilers);

/// <summary><c>GET /admin/reconcile</c> and <c>GET /admin/reconcile/runs/{id}</c>: read from the database, so every replica answers alike.</summary>
public static class GetReconcileStatus
{
    private const int RecentRuns = 20;

    public static RouteGroupBuilder MapGetReconcileStatus(this RouteGroupBuilder admin)
    {
        admin.MapGet("/", StatusAsync).WithName("GetReconcileStatus");
        admin.MapGet("/runs/{id:long}", RunAsync).WithName("GetReconcileRun");
        return admin;
    }

    public static async Task<Ok<ReconcileStatus>> StatusAsync(IEnumerable<IRecordingLister> listers, ReconcileStore store, CancellationToken ct)
    {
        var providers = listers.Select(l => l.Provider).ToList();
        if (providers.Count == 0)
            return TypedResults.Ok(new ReconcileStatus(false, "Reconciliation is off: set Tencent:Api:SecretId and Tencent:Api:SecretKey.", []));
        var reconcilers = new List<ReconcilerStatus>();
        foreach (var provider in providers)
        {
            var runs = (await store.RunsAsync(provider, RecentRuns, ct)).Select(ReconcileRunView.Of).ToList();
            var started = runs.Where(r => r.StartedAt is not null).ToList();
            reconcilers.Add(new ReconcilerStatus(
                provider,
                await store.WatermarkAsync(provider, ct),
                await store.RecoveredTotalAsync(provider, ct),
                started.FirstOrDefault(),
                started.FirstOrDefault(r => r.FinishedAt is not null && r.State != "succeeded"),
                runs.Where(r => r.StartedAt is null).ToList(),
                started));
        }
        return TypedResults.Ok(new ReconcileStatus(true, null, reconcilers));
    }

    public static async Task<Results<Ok<ReconcileRunView>, NotFoundProblem>> RunAsync(long id, ReconcileStore store, CancellationToken ct) =>
        await store.GetAsync(id, ct) is { } run ? TypedResults.Ok(ReconcileRunView.Of(run)) : Problems.NotFound($"There is no reconcile run {id}.");
}
