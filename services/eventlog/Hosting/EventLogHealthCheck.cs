using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EventLog;

/// <summary>Readiness: the database answers and the event log's schema is in place.</summary>
public sealed class EventLogHealthCheck(EventLogReadiness readiness) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var (ready, detail) = await readiness.CheckAsync(cancellationToken);
        return ready ? HealthCheckResult.Healthy(detail) : HealthCheckResult.Unhealthy(detail);
    }
}
