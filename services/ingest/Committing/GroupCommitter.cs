using System.Diagnostics;
using System.Threading.Channels;
using EventLog;
using Ingest.LiveStreams;
using Ingest.LiveStreams.Deciding;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ingest.Committing;

/// <summary>
/// Decides and commits callbacks, many per transaction (group commit), in four steps: gather the callbacks queued
/// meanwhile, decide one command per live stream, commit them in one batch, settle each caller's outcome. A few
/// commits run at once (<c>Ingest:MaxConcurrentCommits</c>). Nobody is answered before the commit that stored their
/// events; a live stream has one command in flight, and its other callbacks queue again when that one settles.
/// </summary>
public sealed partial class GroupCommitter(
    EventStore store,
    EventLogReadiness readiness,
    IngestOptions options,
    ILogger<GroupCommitter> logger) : BackgroundService
{
    private const int MaxConflicts = 5;
    // Written by callers and by settling commits (callbacks queued again), read by the loop alone.
    private readonly Channel<PendingCallback> _queue = Channel.CreateUnbounded<PendingCallback>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _commitSlots = new(options.MaxConcurrentCommits);
    private readonly StreamLedger _ledger = new(options.CachedStreams, new PlacementRules(options.MaxProgramGap, options.CutTolerance));
    private readonly LiveStreamLoader _loader = new(store);

    /// <summary>Queues a callback; completes once its events are committed (or known to be there already), or failed.</summary>
    public Task<CommitOutcome> SubmitAsync(LiveStreamCallback callback)
    {
        var pending = new PendingCallback(callback, new EventMetadata(CorrelationId: callback.IdempotencyKey, TraceParent: Activity.Current?.Id));
        return _queue.Writer.TryWrite(pending)
            ? pending.Done.Task
            : Task.FromResult(new CommitOutcome(CommitStatus.Unavailable, "ingest is shutting down"));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // Callbacks queue while every commit slot is busy: the next batch takes all of them at once.
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                await _commitSlots.WaitAsync(stoppingToken);
                var commands = await DecideAsync(Gather(), stoppingToken);
                if (commands.Count == 0) _commitSlots.Release();
                else _ = CommitAndSettleAsync(commands);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await DrainAsync();
        }
    }

    /// <summary>Step 1: every queued callback, up to the batch size.</summary>
    private List<PendingCallback> Gather()
    {
        var batch = new List<PendingCallback>();
        while (batch.Count < options.MaxBatchSize && _queue.Reader.TryRead(out var next)) batch.Add(next);
        return batch;
    }

    /// <summary>Step 2: the states of streams not cached, read in one round trip, then one command per stream.</summary>
    private async Task<List<StreamCommand>> DecideAsync(List<PendingCallback> batch, CancellationToken ct)
    {
        if (!readiness.SchemaReady)
        {
            foreach (var p in batch) p.Finish(CommitStatus.Unavailable, "the event log is not ready (database unreachable?)");
            return [];
        }
        Dictionary<string, CachedStream> loaded;
        try
        {
            loaded = await _loader.LoadAsync(_ledger.ToLoad(batch), ct);
        }
        catch (Exception ex)
        {
            if (!ct.IsCancellationRequested) LogLoadFailed(logger, ex, batch.Count);
            foreach (var p in batch) p.Finish(CommitStatus.Unavailable, "the live streams' states could not be read");
            return [];
        }
        var decided = _ledger.Decide(batch, loaded);
        foreach (var (p, error) in decided.Failed)
        {
            LogDecideFailed(logger, error, p.Callback.IdempotencyKey);
            p.Finish(CommitStatus.Rejected, $"deciding failed: {error.GetType().Name}: {error.Message}");
        }
        Requeue(decided.Retry);
        return decided.Commands;
    }

    /// <summary>Step 3 and 4: one transaction for every command, then each caller's outcome; frees the slot.</summary>
    private async Task CommitAndSettleAsync(List<StreamCommand> commands)
    {
        try
        {
            if (await CommitAsync(commands) is not { } results)
            {
                Requeue(_ledger.Forget(commands));
                return;
            }
            for (var i = 0; i < commands.Count; i++) Requeue(_ledger.Settle(commands[i], results[i], MaxConflicts));
        }
        finally
        {
            _commitSlots.Release();
        }
    }

    /// <summary>The batch's results, or null when its outcome is unknown (every caller is then answered 503).</summary>
    private async Task<IReadOnlyList<AppendResult>?> CommitAsync(List<StreamCommand> commands)
    {
        // One commit serves many callbacks: it continues the first one's trace and links the others, so every
        // callback's trace reaches the append that stored it.
        using var activity = StartCommitActivity(commands);
        activity?.SetTag("ingest.batch_size", commands.Count);
        IngestTelemetry.BatchSize.Record(commands.Count);
        var requests = new AppendRequest[commands.Count];
        for (var i = 0; i < commands.Count; i++)
        {
            var c = commands[i];
            requests[i] = new AppendRequest(c.StreamId, ExpectedVersion.From(c.From.Version), c.Events, c.Leader.Metadata, c.Leader.Callback.IdempotencyKey);
        }
        try
        {
            // Not cancelled on shutdown: a commit under way finishes, so its outcome is known and answered.
            return await store.AppendBatchAsync(requests, CancellationToken.None);
        }
        catch (Exception ex)
        {
            // Only errors that are no single command's reach here (connection lost, database down): the commit may
            // have happened. Answer 503 so the senders retry; their repeats are deduplicated. Never retried here.
            LogCommitFailed(logger, ex, commands.Count);
            foreach (var c in commands) c.Complete(CommitStatus.Unavailable, "the database did not confirm the commit");
            return null;
        }
    }

    /// <summary>Null when nobody listens: the callers' trace contexts are parsed only for a span that is recorded.</summary>
    private static Activity? StartCommitActivity(List<StreamCommand> commands)
    {
        if (!IngestTelemetry.ActivitySource.HasListeners()) return null;
        var callers = commands.SelectMany(c => c.All)
            .Select(p => ActivityContext.TryParse(p.Metadata.TraceParent, null, out var context) ? context : default)
            .Where(c => c != default).ToList();
        return IngestTelemetry.ActivitySource.StartActivity("ingest commit", ActivityKind.Internal,
            callers.FirstOrDefault(), links: callers.Skip(1).Select(c => new ActivityLink(c)));
    }

    private void Requeue(List<PendingCallback> callbacks)
    {
        foreach (var p in callbacks)
            if (!_queue.Writer.TryWrite(p)) p.Finish(CommitStatus.Unavailable, "ingest is shutting down");
    }

    /// <summary>On shutdown: commits in flight finish and are answered; whatever is still queued is answered 503.</summary>
    private async Task DrainAsync()
    {
        for (var i = 0; i < options.MaxConcurrentCommits; i++) await _commitSlots.WaitAsync(options.CommitTimeout);
        _queue.Writer.TryComplete();
        while (_queue.Reader.TryRead(out var p)) p.Finish(CommitStatus.Unavailable, "ingest is shutting down");
    }

    [LoggerMessage(LogLevel.Warning, "Commit of {Count} callbacks failed with an unknown outcome; answered 503 so the senders retry")]
    private static partial void LogCommitFailed(ILogger logger, Exception ex, int count);

    [LoggerMessage(LogLevel.Error, "Deciding callback {Key} failed; it is refused alone")]
    private static partial void LogDecideFailed(ILogger logger, Exception ex, string key);

    [LoggerMessage(LogLevel.Warning, "Reading the live streams of {Count} callbacks failed; answered 503 so the senders retry")]
    private static partial void LogLoadFailed(ILogger logger, Exception ex, int count);
}
