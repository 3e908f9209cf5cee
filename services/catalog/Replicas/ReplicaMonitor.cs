using Catalog.Caching;
using Catalog.Projections;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Catalog.Replicas;

/// <summary>
/// Measures every listed standby against the primary (WAL bytes not yet replayed, and seconds since its last replayed
/// commit while it is behind) every <c>Catalog:Replicas:CheckInterval</c>, and takes the replicas out of use while one
/// is unreachable or past <c>Catalog:Replicas:MaxLag</c>. It also learns which read-model change every standby has
/// replayed, so the page cache never keeps a page a replica read before a change it had not replayed yet.
/// </summary>
public sealed partial class ReplicaMonitor(ReadModelDatabase database, ReadModelChanges changes, IOptions<CatalogOptions> options,
    ILogger<ReplicaMonitor> logger) : BackgroundService, IHealthCheck
{
    private readonly Queue<(long Generation, long PrimaryLsn)> _recent = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (database.Replicas is not { } replicas) return;
        CatalogTelemetry.Meter.CreateObservableGauge("catalog.replica.lag.seconds", () => replicas.LagSeconds, "s",
            "How far the furthest read replica is behind the primary.");
        CatalogTelemetry.Meter.CreateObservableGauge("catalog.replica.lag.bytes", () => replicas.LagBytes, "By",
            "WAL the furthest read replica has not replayed.");
        CatalogTelemetry.Meter.CreateObservableGauge("catalog.replica.in_use", () => replicas.InUse ? 1 : 0, "{boolean}",
            "Whether queries read from the replicas (1) or from the primary (0).");
        var sources = replicas.Hosts.Select(h => NpgsqlDataSource.Create(h.ConnectionString)).ToList();
        try
        {
            using var timer = new PeriodicTimer(options.Value.Replicas.CheckInterval);
            do
            {
                await CheckAsync(replicas, sources, stoppingToken);
            } while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            foreach (var source in sources) await source.DisposeAsync();
        }
    }

    private async Task CheckAsync(ReplicaReads replicas, List<NpgsqlDataSource> sources, CancellationToken ct)
    {
        var generation = changes.Generation;
        long primaryLsn;
        try
        {
            await using var primary = database.DataSource.CreateCommand("SELECT (pg_current_wal_lsn() - '0/0')::bigint");
            primaryLsn = (long)(await primary.ExecuteScalarAsync(ct))!;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            replicas.Report(false, replicas.LagSeconds, replicas.LagBytes, $"primary not reachable: {ex.Message}");
            return;
        }
        var (worstSeconds, worstBytes, replayed) = (0.0, 0L, long.MaxValue);
        foreach (var source in sources)
        {
            try
            {
                await using var command = source.CreateCommand("""
                    SELECT pg_is_in_recovery(), coalesce((pg_last_wal_replay_lsn() - '0/0')::bigint, 0),
                           coalesce(extract(epoch FROM now() - pg_last_xact_replay_timestamp()), 0)::float8
                    """);
                await using var reader = await command.ExecuteReaderAsync(ct);
                await reader.ReadAsync(ct);
                // A listed host that is a primary (prefer-standby's last resort) is never behind.
                if (!reader.GetBoolean(0)) continue;
                var lsn = reader.GetInt64(1);
                replayed = Math.Min(replayed, lsn);
                worstBytes = Math.Max(worstBytes, Math.Max(0, primaryLsn - lsn));
                if (lsn < primaryLsn) worstSeconds = Math.Max(worstSeconds, Math.Max(0, reader.GetDouble(2)));
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                replicas.Report(false, worstSeconds, worstBytes, $"{source.ConnectionString.Split(';')[0]} not reachable: {ex.Message}");
                LogUnreachable(logger, ex.Message);
                return;
            }
        }
        LearnCaughtUp(replicas, generation, primaryLsn, replayed);
        var bound = options.Value.Replicas.MaxLag;
        var healthy = worstSeconds <= bound.TotalSeconds;
        replicas.Report(healthy, worstSeconds, worstBytes,
            healthy ? "in use" : $"not used: {worstSeconds:F1} s behind, more than {bound.TotalSeconds:F1} s");
    }

    /// <summary>
    /// The primary's WAL position read after a generation was seen covers every commit notified before it: once every
    /// standby has replayed that far, pages read there belong to that generation.
    /// </summary>
    private void LearnCaughtUp(ReplicaReads replicas, long generation, long primaryLsn, long replayed)
    {
        _recent.Enqueue((generation, primaryLsn));
        while (_recent.Count > 256) _recent.Dequeue();
        foreach (var (g, lsn) in _recent)
            if (lsn <= replayed) replicas.CaughtUpTo(g);
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        if (database.Replicas is not { } r) return Task.FromResult(HealthCheckResult.Healthy("no read replicas configured"));
        var description = $"{r.State}; lag {r.LagSeconds:F3} s, {r.LagBytes} bytes";
        // Reads fall back to the primary, so a replica that is down or behind degrades the catalog without making it unready.
        return Task.FromResult(r.InUse ? HealthCheckResult.Healthy(description) : HealthCheckResult.Degraded(description));
    }

    [LoggerMessage(LogLevel.Warning, "A read replica is not reachable; queries read from the primary: {Reason}")]
    private static partial void LogUnreachable(ILogger logger, string reason);
}
