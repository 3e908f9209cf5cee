using Microsoft.Extensions.Hosting;

namespace EventLog;

/// <summary>Creates or upgrades the log's schema at start-up, retrying while the database is unreachable.</summary>
internal sealed class EventLogSchemaHost(EventLogReadiness readiness) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => readiness.EnsureSchemaAsync(stoppingToken);
}
