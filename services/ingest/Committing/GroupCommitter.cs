using System.Diagnostics;
using System.Threading.Channels;
using EventLog;
using Ingest.LiveStreams;
using Ingest.LiveStreams.Deciding;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ingest.Committing;

public enum CommitStatus { Appended, Duplicate, Unavailable }

public sealed record CommitOutcome(CommitStatus Status, string? Detail = null);

/// <summary>
/// Decides and commits callbacks. One loop takes every callback that queued while the previous commit ran and commits
/// them in one transaction (group commit); each caller awaits its own outcome, so nobody is acknowledged before the
/// commit. At most one command per live stream goes into a batch: the others of that stream wait for the next one,
/// decided from the state the first one left.
/// </summary>
public sealed partial class GroupCommitter(
    EventStore store,
    EventLogReadiness readiness,
    IngestOptions options,
    ILogger<GroupCommitter> logger) : BackgroundService
{
    private const int MaxAttempts = 5;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly LiveStreamCache _cache = new(options.CachedStreams);
    private readonly LiveStreamLoader _loader = new(store);
    private readonly PlacementRules _rules = new(options.MaxProgramGap, options.CutTolerance);

    private sealed class Pending(LiveStreamCallback callback, EventMetadata metadata)
    {
        public LiveStreamCallback Callback { get; } = callback;
        public EventMetadata Metadata { get; } = metadata;
        public TaskCompletionSource<CommitOutcome> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Attempts { get; set; }
    }

    private sealed record Command(Pending Leader, List<Pending> Followers, IReadOnlyList<object> Events, CachedStream From)
    {
        public IEnumerable<Pending> All => Followers.Prepend(Leader);
    }

    /// <summary>Queues a callback; completes once its events are committed (or known to be there already), or failed.</summary>
    public Task<CommitOutcome> SubmitAsync(LiveStreamCallback callback)
    {
        var pending = new Pending(callback, new EventMetadata(CorrelationId: callback.IdempotencyKey, TraceParent: Activity.Current?.Id));
        return _queue.Writer.TryWrite(pending)
            ? pending.Done.Task
            : Task.FromResult(new CommitOutcome(CommitStatus.Unavailable, "ingest is shutting down"));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var carried = new List<Pending>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (carried.Count == 0 && !await _queue.Reader.WaitToReadAsync(stoppingToken)) break;
                var batch = carried;
                carried = [];
                while (batch.Count < options.MaxBatchSize && _queue.Reader.TryRead(out var next)) batch.Add(next);
                try
                {
                    await CommitAsync(batch, carried, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // The outcome is unknown (the commit may have happened): answer 503 so the sender retries, and
                    // forget cached states, which may now be behind. Repeats are safe: idempotency keys dedupe them.
                    LogCommitFailed(logger, ex, batch.Count);
                    _cache.Clear();
                    foreach (var p in batch.Concat(carried)) p.Done.TrySetResult(new CommitOutcome(CommitStatus.Unavailable, ex.Message));
                    carried = [];
                }
            }
        }
        finally
        {
            _queue.Writer.TryComplete();
            foreach (var p in carried) p.Done.TrySetResult(new CommitOutcome(CommitStatus.Unavailable, "ingest is shutting down"));
            while (_queue.Reader.TryRead(out var p)) p.Done.TrySetResult(new CommitOutcome(CommitStatus.Unavailable, "ingest is shutting down"));
        }
    }

    private async Task CommitAsync(List<Pending> batch, List<Pending> carried, CancellationToken ct)
    {
        if (!readiness.SchemaReady)
        {
            foreach (var p in batch) p.Done.TrySetResult(new CommitOutcome(CommitStatus.Unavailable, "the event log is not ready (database unreachable?)"));
            return;
        }
        using var activity = IngestTelemetry.ActivitySource.StartActivity("ingest commit");
        activity?.SetTag("ingest.batch_size", batch.Count);

        var missing = batch.Select(p => p.Callback.LogStreamId).Distinct().Where(id => !_cache.TryGet(id, out _)).ToList();
        foreach (var (id, stream) in await _loader.LoadAsync(missing, ct)) _cache.Set(id, stream);

        var commands = Decide(batch, carried);
        if (commands.Count == 0) return;
        IngestTelemetry.BatchSize.Record(commands.Count);
        var requests = commands.Select(c => new AppendRequest(
            c.Leader.Callback.LogStreamId, ExpectedVersion.From(c.From.Version), c.Events, c.Leader.Metadata, c.Leader.Callback.IdempotencyKey)).ToList();
        var results = await store.AppendBatchAsync(requests, ct);

        for (var i = 0; i < commands.Count; i++)
        {
            var command = commands[i];
            var streamId = command.Leader.Callback.LogStreamId;
            switch (results[i].Status)
            {
                case AppendStatus.Appended:
                    _cache.Set(streamId, new CachedStream(command.From.State.Evolve(command.Leader.Callback.IdempotencyKey, command.Events), results[i].StreamVersion));
                    Complete(command, CommitStatus.Appended);
                    break;
                case AppendStatus.Duplicate:
                    // Stored before, yet our state did not know it: another writer got there first; reload next time.
                    _cache.Remove(streamId);
                    Complete(command, CommitStatus.Duplicate);
                    break;
                default:
                    // Another writer moved the stream: decide again from its new state in the next batch.
                    _cache.Remove(streamId);
                    if (++command.Leader.Attempts >= MaxAttempts)
                        Complete(command, CommitStatus.Unavailable, "the live stream kept changing under concurrent writers");
                    else
                        carried.InsertRange(0, command.All);
                    break;
            }
        }
    }

    /// <summary>One command per live stream; exact repeats ride along with it; other callbacks of that stream wait.</summary>
    private List<Command> Decide(List<Pending> batch, List<Pending> carried)
    {
        var byStream = new Dictionary<string, Command>(StringComparer.Ordinal);
        var commands = new List<Command>();
        foreach (var p in batch)
        {
            _cache.TryGet(p.Callback.LogStreamId, out var stream);
            var events = DecideCallback.Decide(stream.State, p.Callback, _rules);
            if (events.Count == 0)
            {
                p.Done.TrySetResult(new CommitOutcome(CommitStatus.Duplicate));
                continue;
            }
            if (byStream.TryGetValue(p.Callback.LogStreamId, out var command))
            {
                if (command.Leader.Callback.IdempotencyKey == p.Callback.IdempotencyKey) command.Followers.Add(p);
                else carried.Add(p);
                continue;
            }
            command = new Command(p, [], events, stream);
            byStream[p.Callback.LogStreamId] = command;
            commands.Add(command);
        }
        return commands;
    }

    private static void Complete(Command command, CommitStatus leaderStatus, string? detail = null)
    {
        command.Leader.Done.TrySetResult(new CommitOutcome(leaderStatus, detail));
        var followers = leaderStatus == CommitStatus.Unavailable ? leaderStatus : CommitStatus.Duplicate;
        foreach (var f in command.Followers) f.Done.TrySetResult(new CommitOutcome(followers, detail));
    }

    [LoggerMessage(LogLevel.Warning, "Commit of {Count} callbacks failed; answered 503 so the senders retry")]
    private static partial void LogCommitFailed(ILogger logger, Exception ex, int count);
}
