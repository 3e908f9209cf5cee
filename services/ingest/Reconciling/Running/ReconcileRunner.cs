using EventLog;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Ingest.Reconciling.Running;

/// <summary>
/// Runs each provider's reconciler in one replica at a time: the one holding the provider's advisory lock (on an
/// unpooled connection, so a dead replica's lock goes with its connection; the others retry and take over). It runs
/// the operators' requests as they come (they NOTIFY), and a scheduled run every interval from the watermark less
/// the overlap up to now less the settle delay.
/// </summary>
public sealed partial class ReconcileRunner(
    IEnumerable<IRecordingLister> listers,
    Reconciler reconciler,
    ReconcileStore store,
    EventLogReadiness eventLog,
    ReconcileOptions options,
    TimeProvider clock,
    ILogger<ReconcileRunner> logger) : BackgroundService
{
    // Waits are cut into slices so a lost notification or a dead lock connection is noticed within one.
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Recovered files go through the committer, which refuses everything until the log's schema is in place.
        try { await eventLog.WhenSchemaReady(stoppingToken); }
        catch (OperationCanceledException) { return; }
        await Task.WhenAll(listers.Select(lister => RunAsync(lister, stoppingToken)));
    }

    private async Task RunAsync(IRecordingLister lister, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await RunWhileHoldingLockAsync(lister, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                LogRunnerFailed(logger, ex, lister.Provider);
            }
            try { await Task.Delay(options.LockRetryInterval, clock, ct); }
            catch (OperationCanceledException) { break; }
        }
    }

    private async Task RunWhileHoldingLockAsync(IRecordingLister lister, CancellationToken ct)
    {
        var provider = lister.Provider;
        await store.EnsureSchemaAsync(ct);
        await using var connection = await store.OpenDedicatedAsync(ct);
        if (!await ReconcileStore.TryLockAsync(connection, provider, ct)) return;
        LogAcquired(logger, provider);
        await store.RecoverInterruptedAsync(provider, clock.GetUtcNow(), ct);
        await using (var listen = new NpgsqlCommand($"LISTEN {ReconcileStore.NotifyChannel}", connection))
            await listen.ExecuteNonQueryAsync(ct);

        while (!ct.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            if (await store.TakeRequestedAsync(provider, now, ct) is { } requested)
            {
                await reconciler.RunAsync(lister, requested, advancesWatermark: false, ct);
                continue;
            }
            var due = await store.LastScheduledAsync(provider, ct) is { } last ? last + options.Interval : now;
            if (due <= now)
            {
                // Up to a whole second already past: the watermark never claims a second still under way.
                var from = Reconciler.Floor(await store.WatermarkAsync(provider, ct) is { } watermark ? watermark - options.Overlap : now - options.LookBack);
                var to = Reconciler.Floor(now - options.SettleDelay);
                var run = await store.StartScheduledAsync(provider, from, to, now, ct);
                await reconciler.RunAsync(lister, run, advancesWatermark: true, ct);
                continue;
            }
            var wait = due - now < MaxWait ? due - now : MaxWait;
            // A notification is a request; a query on this connection proves the lock is still held.
            await connection.WaitAsync(wait, ct);
            await using var ping = new NpgsqlCommand("SELECT 1", connection);
            await ping.ExecuteScalarAsync(ct);
        }
    }

    [LoggerMessage(LogLevel.Information, "This replica runs the {Provider} reconciler")]
    private static partial void LogAcquired(ILogger logger, string provider);

    [LoggerMessage(LogLevel.Warning, "The {Provider} reconciler failed; retrying")]
    private static partial void LogRunnerFailed(ILogger logger, Exception ex, string provider);
}
