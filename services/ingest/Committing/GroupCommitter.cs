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
/// Decides and commits callbacks. The loop takes every callback that queued meanwhile and commits them in one
/// transaction (group commit), with a few such commits in flight at once; each caller awaits its own outcome, so
/// nobody is acknowledged before the commit. A live stream has at most one command in flight: its other callbacks
/// wait, then are decided from the state that command left.
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
    private readonly HashSet<string> _inFlight = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _slots = new(options.MaxConcurrentCommits);
    private readonly SemaphoreSlim _committed = new(0);
    private readonly LiveStreamLoader _loader = new(store);
    private readonly PlacementRules _rules = new(options.MaxProgramGap, options.CutTolerance);

    private sealed class Pending(LiveStreamCallback callback, EventMetadata metadata)
    {
        public LiveStreamCallback Callback { get; } = callback;
        public EventMetadata Metadata { get; } = metadata;
        public TaskCompletionSource<CommitOutcome> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Attempts { get; set; }
        public void Finish(CommitStatus status, string? detail = null) => Done.TrySetResult(new CommitOutcome(status, detail));
    }

    private sealed record Command(Pending Leader, List<Pending> Followers, IReadOnlyList<object> Events, CachedStream From)
    {
        public string StreamId => Leader.Callback.LogStreamId;
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
        var waiting = new List<Pending>();
        try
        {
            while (await NextAsync(waiting.Count > 0, stoppingToken))
            {
                await _slots.WaitAsync(stoppingToken);
                var batch = waiting;
                waiting = [];
                while (batch.Count < options.MaxBatchSize && _queue.Reader.TryRead(out var next)) batch.Add(next);
                List<Command> commands;
                try
                {
                    commands = await DecideAsync(batch, waiting, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    LogCommitFailed(logger, ex, batch.Count);
                    foreach (var p in batch) p.Finish(CommitStatus.Unavailable, ex.Message);
                    waiting = [];
                    commands = [];
                }
                if (commands.Count == 0) _slots.Release();
                else _ = CommitAsync(commands, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            _queue.Writer.TryComplete();
            foreach (var p in waiting) p.Finish(CommitStatus.Unavailable, "ingest is shutting down");
            while (_queue.Reader.TryRead(out var p)) p.Finish(CommitStatus.Unavailable, "ingest is shutting down");
        }
    }

    /// <summary>Waits for new callbacks or, while some wait for their stream, for a commit to end (or a short while).</summary>
    private async Task<bool> NextAsync(bool someWaiting, CancellationToken ct)
    {
        if (!someWaiting)
        {
            // Commits that ended while nobody waited have nothing to wake.
            while (_committed.Wait(0)) { }
            return await _queue.Reader.WaitToReadAsync(ct);
        }
        await Task.WhenAny(_queue.Reader.WaitToReadAsync(ct).AsTask(), _committed.WaitAsync(ct), Task.Delay(10, ct));
        ct.ThrowIfCancellationRequested();
        return true;
    }

    /// <summary>One command per live stream not already in flight; exact repeats ride along; the rest wait.</summary>
    private async Task<List<Command>> DecideAsync(List<Pending> batch, List<Pending> waiting, CancellationToken ct)
    {
        if (!readiness.SchemaReady)
        {
            foreach (var p in batch) p.Finish(CommitStatus.Unavailable, "the event log is not ready (database unreachable?)");
            return [];
        }
        List<string> missing;
        lock (_gate)
            missing = batch.Select(p => p.Callback.LogStreamId).Distinct()
                .Where(id => !_inFlight.Contains(id) && !_cache.TryGet(id, out _)).ToList();
        var loaded = await _loader.LoadAsync(missing, ct);

        var byStream = new Dictionary<string, Command>(StringComparer.Ordinal);
        var commands = new List<Command>();
        lock (_gate)
        {
            foreach (var (id, stream) in loaded) _cache.Set(id, stream);
            foreach (var p in batch)
            {
                var id = p.Callback.LogStreamId;
                if ((_inFlight.Contains(id) && !byStream.ContainsKey(id)) || !_cache.TryGet(id, out var stream))
                {
                    waiting.Add(p);
                    continue;
                }
                var events = DecideCallback.Decide(stream.State, p.Callback, _rules);
                if (events.Count == 0)
                {
                    p.Finish(CommitStatus.Duplicate);
                    continue;
                }
                if (byStream.TryGetValue(id, out var command))
                {
                    if (command.Leader.Callback.IdempotencyKey == p.Callback.IdempotencyKey) command.Followers.Add(p);
                    else waiting.Add(p);
                    continue;
                }
                command = new Command(p, [], events, stream);
                byStream[id] = command;
                commands.Add(command);
                _inFlight.Add(id);
            }
        }
        return commands;
    }

    private async Task CommitAsync(List<Command> commands, CancellationToken ct)
    {
        try
        {
            using var activity = IngestTelemetry.ActivitySource.StartActivity("ingest commit");
            activity?.SetTag("ingest.batch_size", commands.Count);
            IngestTelemetry.BatchSize.Record(commands.Count);
            var requests = commands.Select(c => new AppendRequest(
                c.StreamId, ExpectedVersion.From(c.From.Version), c.Events, c.Leader.Metadata, c.Leader.Callback.IdempotencyKey)).ToList();
            IReadOnlyList<AppendResult> results;
            try
            {
                results = await store.AppendBatchAsync(requests, ct);
            }
            catch (Exception ex)
            {
                // The outcome is unknown (the commit may have happened): answer 503 so the sender retries, and forget
                // the states, which may now be behind. Never retried here: the senders' repeats are deduplicated.
                LogCommitFailed(logger, ex, commands.Count);
                lock (_gate)
                    foreach (var c in commands) { _cache.Remove(c.StreamId); _inFlight.Remove(c.StreamId); }
                foreach (var p in commands.SelectMany(c => c.All)) p.Finish(CommitStatus.Unavailable, ex.Message);
                return;
            }
            lock (_gate)
                for (var i = 0; i < commands.Count; i++) Settle(commands[i], results[i]);
        }
        finally
        {
            _slots.Release();
            _committed.Release();
        }
    }

    private void Settle(Command command, AppendResult result)
    {
        _inFlight.Remove(command.StreamId);
        switch (result.Status)
        {
            case AppendStatus.Appended:
                _cache.Set(command.StreamId, new CachedStream(command.From.State.Evolve(command.Leader.Callback.IdempotencyKey, command.Events), result.StreamVersion));
                Complete(command, CommitStatus.Appended);
                break;
            case AppendStatus.Duplicate:
                // Stored before, yet our state did not know it: another writer got there first; reload next time.
                _cache.Remove(command.StreamId);
                Complete(command, CommitStatus.Duplicate);
                break;
            default:
                // Another writer moved the stream: decide again from its new state.
                _cache.Remove(command.StreamId);
                if (++command.Leader.Attempts >= MaxAttempts)
                    Complete(command, CommitStatus.Unavailable, "the live stream kept changing under concurrent writers");
                else
                    foreach (var p in command.All) _queue.Writer.TryWrite(p);
                break;
        }
    }

    private static void Complete(Command command, CommitStatus leaderStatus, string? detail = null)
    {
        command.Leader.Finish(leaderStatus, detail);
        var followers = leaderStatus == CommitStatus.Unavailable ? leaderStatus : CommitStatus.Duplicate;
        foreach (var f in command.Followers) f.Finish(followers, detail);
    }

    [LoggerMessage(LogLevel.Warning, "Commit of {Count} callbacks failed; answered 503 so the senders retry")]
    private static partial void LogCommitFailed(ILogger logger, Exception ex, int count);
}
