using EventLog;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Catalog.Projections;

/// <summary>Readiness: every serving projection is within <c>Catalog:ReadyMaxLagEvents</c> of the log's head.</summary>
public sealed class ProjectionLagHealthCheck(ProjectionVersions versions, SubscriptionAdmin admin, IOptions<CatalogOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        if (versions.Current.Count == 0) return HealthCheckResult.Unhealthy("projections not started yet");
        // Only the serving subscriptions: a retired version's lag grows forever and counting it would slow every probe.
        var statuses = new Dictionary<string, SubscriptionStatus>();
        foreach (var (name, row) in versions.Current)
            foreach (var s in await admin.StatusAsync(ProjectionNames.Subscription(name, row.Serving), ct)) statuses[s.Name] = s;
        var parts = new List<string>();
        var healthy = true;
        foreach (var (name, row) in versions.Current.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            var subscription = ProjectionNames.Subscription(name, row.Serving);
            var lag = statuses.TryGetValue(subscription, out var s) ? s.LagEvents : long.MaxValue;
            healthy &= lag <= options.Value.ReadyMaxLagEvents && s?.State != SubscriptionState.Stopped;
            parts.Add(s is null ? $"{subscription} not started" : $"{subscription} lag {lag} events ({s.LagSeconds:F1} s){(s.State == SubscriptionState.Stopped ? ", stopped" : "")}");
        }
        var detail = string.Join("; ", parts);
        return healthy ? HealthCheckResult.Healthy(detail) : HealthCheckResult.Unhealthy(detail);
    }
}
