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
    // Not SingleReader: a wait for callbacks may be left pending while the loop wakes for a commit's end instead.
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>();
    private readonly LiveStreamCache _cache = new(options.CachedStreams);
    private readonly HashSet<string> _inFlight = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _slots = new(options.MaxConcurrentCommits);
    private TaskCompletionSource _commitEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
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
        var commitEnded = Task.CompletedTask;
        try
        {
            while (await NextAsync(waiting.Count > 0, commitEnded, stoppingToken))
            {
                await _slots.WaitAsync(stoppingToken);
                // Taken before deciding, so a commit that ends meanwhile still wakes the callbacks left waiting.
                commitEnded = Volatile.Read(ref _commitEnded).Task;
                var batch = waiting;
                waiting = [];
                while (batch.Count < options.MaxBatchSize && _queue.Reader.TryRead(out var next)) batch.Add(next);
                List<Command> commands;
                try
                {
                    commands = await DecideAsync(batch, waiting, stoppingToken);
                }
                catch (Exception ex)
                {
                    if (!stoppingToken.IsCancellationRequested) LogCommitFailed(logger, ex, batch.Count);
                    foreach (var p in batch) p.Finish(CommitStatus.Unavailable, ex.Message);
                    waiting = [];
                    commands = [];
                }
                if (commands.Count == 0) _slots.Release();
                else _ = CommitAsync(commands);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            // Commits in flight finish (their callers are answered from their outcome) before the service stops.
            for (var i = 0; i < options.MaxConcurrentCommits; i++) await _slots.WaitAsync(options.CommitTimeout);
            _queue.Writer.TryComplete();
            foreach (var p in waiting) p.Finish(CommitStatus.Unavailable, "ingest is shutting down");
            while (_queue.Reader.TryRead(out var p)) p.Finish(CommitStatus.Unavailable, "ingest is shutting down");
        }
    }

    /// <summary>Waits for new callbacks or, while some wait for their stream, for a commit to end (or a short while).</summary>
    private async Task<bool> NextAsync(bool someWaiting, Task commitEnded, CancellationToken ct)
    {
        if (!someWaiting) return await _queue.Reader.WaitToReadAsync(ct);
        await Task.WhenAny(_queue.Reader.WaitToReadAsync(ct).AsTask(), commitEnded, Task.Delay(10, ct));
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

    private async Task CommitAsync(List<Command> commands)
    {
        try
        {
            // One commit serves many callbacks: it continues the first one's trace and links the others, so every
            // callback's trace reaches the append that stored it.
            var callers = commands.SelectMany(c => c.All)
                .Select(p => ActivityContext.TryParse(p.Metadata.TraceParent, null, out var context) ? context : default)
                .Where(c => c != default).ToList();
            using var activity = IngestTelemetry.ActivitySource.StartActivity("ingest commit", ActivityKind.Internal,
                callers.FirstOrDefault(), links: callers.Skip(1).Select(c => new ActivityLink(c)));
            activity?.SetTag("ingest.batch_size", commands.Count);
            IngestTelemetry.BatchSize.Record(commands.Count);
            var requests = commands.Select(c => new AppendRequest(
                c.StreamId, ExpectedVersion.From(c.From.Version), c.Events, c.Leader.Metadata, c.Leader.Callback.IdempotencyKey)).ToList();
            IReadOnlyList<AppendResult> results;
            try
            {
                // Not cancelled on shutdown: a commit under way finishes, so its outcome is known and answered.
                results = await store.AppendBatchAsync(requests, CancellationToken.None);
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
            Interlocked.Exchange(ref _commitEnded, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
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
                    foreach (var p in command.All.Where(p => !_queue.Writer.TryWrite(p))) p.Finish(CommitStatus.Unavailable, "ingest is shutting down");
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
