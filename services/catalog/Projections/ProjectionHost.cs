using EventLog;
using Microsoft.Extensions.Options;

namespace Catalog.Projections;

/// <summary>
/// Keeps one subscription runner per projection on its serving version, and moves it when a rebuild switches
/// versions (seen within a second, or at once when the switch happened in this process).
/// </summary>
public sealed partial class ProjectionHost(
    EventStore store,
    EventLogReadiness readiness,
    ProjectionVersions versions,
    IOptions<CatalogOptions> options,
    Caching.ReadModelChanges changes,
    ILoggerFactory loggers) : BackgroundService
{
    private readonly ILogger _logger = loggers.CreateLogger<ProjectionHost>();
    private readonly SemaphoreSlim _sync = new(1, 1);
    private readonly Dictionary<string, (int Version, SubscriptionRunner Runner, CancellationTokenSource Stop, Task Run)> _running = [];
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationToken _stopping;

    /// <summary>Makes the host look at the serving versions now.</summary>
    public void Wake() => _wake.TrySetResult();

    /// <summary>
    /// Waits until every serving projection has folded the log up to <paramref name="target"/> (default: the head as
    /// readers see it now; an append whose transaction is not yet below every running one is not in that head).
    /// </summary>
    public async Task CatchUpAsync(TimeSpan timeout, LogPosition? target = null, CancellationToken ct = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        await readiness.WhenSchemaReady(cts.Token);
        await SyncAsync(cts.Token);
        var goal = target ?? await store.HeadAsync(cts.Token);
        while (true)
        {
            List<SubscriptionRunner> runners;
            lock (_running) runners = _running.Values.Select(r => r.Runner).ToList();
            if (runners.All(r => r.Checkpoint >= goal)) return;
            await Task.Delay(TimeSpan.FromMilliseconds(10), store.Clock, cts.Token);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        await readiness.WhenSchemaReady(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SyncAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogSyncFailed(_logger, ex);
            }
            var wake = _wake.Task;
            await Task.WhenAny(wake, Task.Delay(TimeSpan.FromSeconds(1), store.Clock, stoppingToken));
            if (wake.IsCompleted) _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        List<Task> runs;
        lock (_running) runs = _running.Values.Select(r => { r.Stop.Cancel(); return r.Run; }).ToList();
        await Task.WhenAll(runs);
    }

    private async Task SyncAsync(CancellationToken ct)
    {
        await _sync.WaitAsync(ct);
        try
        {
            if (versions.Current.Count == 0) await versions.EnsureAsync(ct);
            var rows = await versions.RefreshAsync(ct);
            foreach (var projection in versions.Projections)
            {
                var serving = rows[projection.Name].Serving;
                (int Version, SubscriptionRunner Runner, CancellationTokenSource Stop, Task Run) current;
                lock (_running) _running.TryGetValue(projection.Name, out current);
                if (current.Runner is not null && current.Version == serving) continue;
                if (current.Runner is not null)
                {
                    await current.Stop.CancelAsync();
                    await current.Run;
                }
                var runner = new SubscriptionRunner(store, changes.Notifying(projection.Handler(serving)),
                    new SubscriptionOptions(ProjectionNames.Subscription(projection.Name, serving)) { BatchSize = options.Value.LiveBatchSize },
                    loggers.CreateLogger<SubscriptionRunner>());
                var stop = CancellationTokenSource.CreateLinkedTokenSource(_stopping);
                lock (_running) _running[projection.Name] = (serving, runner, stop, Task.Run(() => runner.RunAsync(stop.Token), CancellationToken.None));
                LogServing(_logger, projection.Name, serving);
            }
        }
        finally
        {
            _sync.Release();
        }
    }

    [LoggerMessage(LogLevel.Information, "Projection {Name} serves version {Version}")]
    private static partial void LogServing(ILogger logger, string name, int version);

    [LoggerMessage(LogLevel.Warning, "Could not align projection runners with their serving versions; retrying")]
    private static partial void LogSyncFailed(ILogger logger, Exception ex);
}
