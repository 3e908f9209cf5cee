using System.Diagnostics;
using EventLog;
using Microsoft.Extensions.Options;

namespace Catalog.Projections.Rebuilding;

/// <summary>How far a rebuild is: its checkpoint against the log's head, and how fast it folds.</summary>
public sealed record RebuildProgress(string Projection, int Version, long Position, long Head, long EventsFolded, TimeSpan Elapsed)
{
    public double Fraction => Head == 0 ? 1 : Math.Clamp((double)Position / Head, 0, 1);
    public double EventsPerSecond => Elapsed.TotalSeconds > 0 ? EventsFolded / Elapsed.TotalSeconds : 0;
}

public sealed record RebuildResult(string Projection, int Version, long EventsFolded, TimeSpan Elapsed, bool Switched);

/// <summary>
/// Blue/green rebuild: the next version is built into its own tables by its own subscription, from the log's start,
/// in chunks that each commit with their checkpoint, while the serving version keeps answering. At the head the
/// serving version switches in one UPDATE. Interrupted, it leaves the serving version alone; run again, it resumes
/// from its checkpoint (or starts over with <c>restart</c>). The subscription's advisory lock lets one process build.
/// </summary>
public sealed partial class RebuildProjection(
    EventStore store,
    SubscriptionAdmin subscriptions,
    ProjectionVersions versions,
    IOptions<CatalogOptions> options,
    ILoggerFactory loggers,
    ProjectionHost host)
{
    private readonly ILogger _logger = loggers.CreateLogger<RebuildProjection>();

    public async Task<RebuildResult> RunAsync(string name, bool restart, Action<RebuildProgress>? progress, CancellationToken ct)
    {
        using var activity = CatalogTelemetry.ActivitySource.StartActivity("catalog rebuild");
        activity?.SetTag("catalog.projection", name);
        var projection = versions.Find(name);
        await versions.EnsureAsync(ct);
        var target = await versions.BeginRebuildAsync(projection, restart, ct);
        activity?.SetTag("catalog.projection.version", target);
        LogStarted(_logger, name, target);

        var counter = new CountingHandler(projection.Handler(target));
        var runner = new SubscriptionRunner(store, counter,
            new SubscriptionOptions(ProjectionNames.Subscription(name, target))
            {
                BatchSize = options.Value.RebuildBatchSize,
                PollInterval = TimeSpan.FromMilliseconds(100),
                LockRetryInterval = TimeSpan.FromMilliseconds(200),
            },
            loggers.CreateLogger<SubscriptionRunner>());

        var clock = Stopwatch.StartNew();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var run = Task.Run(() => runner.RunAsync(stop.Token), CancellationToken.None);
        try
        {
            while (true)
            {
                var head = await store.HeadAsync(ct);
                progress?.Invoke(new RebuildProgress(name, target, runner.Checkpoint.Position, head.Position, counter.Count, clock.Elapsed));
                if (runner.IsActive && runner.Checkpoint >= head) break;
                if (run.IsCompleted) await run;
                if (await subscriptions.CheckpointAsync(runner.Name, ct) is { State: SubscriptionState.Stopped } stopped)
                    throw new InvalidOperationException($"The rebuild of {name} v{target} stopped on a poison event: {stopped.LastError}");
                await Task.Delay(TimeSpan.FromMilliseconds(100), store.Clock, ct);
            }
        }
        finally
        {
            await stop.CancelAsync();
            await run;
        }

        var switched = await versions.SwitchAsync(name, target, ct);
        host.Wake();
        if (switched) CatalogTelemetry.Rebuilds.Add(1, new KeyValuePair<string, object?>("projection", name));
        LogFinished(_logger, name, target, counter.Count, clock.Elapsed.TotalSeconds, switched);
        return new RebuildResult(name, target, counter.Count, clock.Elapsed, switched);
    }

    /// <summary>Counts what the rebuild folds, for its progress and throughput.</summary>
    private sealed class CountingHandler(ISubscriptionHandler inner) : ISubscriptionHandler
    {
        private long _count;
        public long Count => Interlocked.Read(ref _count);

        public bool Reads(string eventType) => inner.Reads(eventType);

        public async Task HandleAsync(IReadOnlyList<RecordedEvent> events, SubscriptionContext context, CancellationToken ct)
        {
            await inner.HandleAsync(events, context, ct);
            Interlocked.Add(ref _count, events.Count);
            CatalogTelemetry.RebuildEvents.Add(events.Count, new KeyValuePair<string, object?>("projection", context.SubscriptionName));
        }
    }

    [LoggerMessage(LogLevel.Information, "Rebuilding projection {Name} as version {Version}")]
    private static partial void LogStarted(ILogger logger, string name, int version);

    [LoggerMessage(LogLevel.Information, "Rebuilt projection {Name} version {Version}: {Events} events in {Seconds:F1} s; switched: {Switched}")]
    private static partial void LogFinished(ILogger logger, string name, int version, long events, double seconds, bool switched);
}
