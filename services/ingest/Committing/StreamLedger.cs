using EventLog;
using Ingest.LiveStreams.Deciding;

namespace Ingest.Committing;

/// <summary>A batch decided: its commands, the callbacks to queue again, and those the decider failed on.</summary>
internal sealed record Decided(List<StreamCommand> Commands, List<PendingCallback> Retry, List<(PendingCallback Callback, Exception Error)> Failed);

/// <summary>
/// What the group committer knows per live stream: the cached committed states, which streams have a command in
/// flight, and the callbacks parked behind each of those. The deciding loop and the settling commits both use it,
/// on different threads, under one lock, because each of their steps reads and changes these together.
/// Invariants: a stream has at most one command in flight; a callback is parked only behind a stream in flight, and
/// is handed back when that command settles; a cached state is committed state, replaced only when its stream settles; a duplicate is only answered from a state read from the log.
/// </summary>
internal sealed class StreamLedger(int cachedStreams, PlacementRules rules)
{
    private readonly Lock _gate = new();
    private readonly LiveStreamCache _cache = new(cachedStreams);
    private readonly Dictionary<string, List<PendingCallback>> _parked = new(StringComparer.Ordinal);

    /// <summary>Streams of the batch whose state must be read from the log first (neither cached nor in flight).</summary>
    public List<string> ToLoad(IEnumerable<PendingCallback> batch)
    {
        lock (_gate)
            return batch.Select(p => p.StreamId).Distinct(StringComparer.Ordinal)
                .Where(id => !_parked.ContainsKey(id) && !_cache.Contains(id)).ToList();
    }

    /// <summary>
    /// One command per stream not in flight, decided from its state; exact repeats of it ride along; a callback that
    /// decides nothing on a state just read from the log is a duplicate, answered now (on a cached state, it is read again). Callbacks of a stream in flight (or taken by an earlier command
    /// of this batch) are parked behind it. Those whose state is gone again (evicted meanwhile) are to be queued
    /// again; those the decider throws on fail alone.
    /// </summary>
    public Decided Decide(List<PendingCallback> batch, IReadOnlyDictionary<string, CachedStream> loaded)
    {
        var decided = new Decided([], [], []);
        var commands = new Dictionary<string, StreamCommand>(StringComparer.Ordinal);
        lock (_gate)
        {
            foreach (var (id, stream) in loaded) _cache.Set(id, stream);
            foreach (var p in batch)
            {
                if (commands.TryGetValue(p.StreamId, out var command) && command.Leader.Callback.IdempotencyKey == p.Callback.IdempotencyKey)
                    command.Followers.Add(p);
                else if (_parked.TryGetValue(p.StreamId, out var parked))
                    parked.Add(p);
                else if (!loaded.TryGetValue(p.StreamId, out var stream) && !_cache.TryGet(p.StreamId, out stream))
                    decided.Retry.Add(p);
                else if (TryDecide(stream, p, decided) is not { } events)
                    continue;
                else if (events.Count == 0 && !loaded.ContainsKey(p.StreamId))
                {
                    // A repeat is answered 200 without storing anything: only the log itself may say it is there (a
                    // cached state outlives a restored or emptied database), so it is decided again on a fresh read.
                    _cache.Remove(p.StreamId);
                    decided.Retry.Add(p);
                }
                else if (events.Count == 0)
                    p.Finish(CommitStatus.Duplicate);
                else
                {
                    commands[p.StreamId] = new StreamCommand(p, [], events, stream);
                    _parked[p.StreamId] = [];
                }
            }
        }
        decided.Commands.AddRange(commands.Values);
        return decided;
    }

    private IReadOnlyList<object>? TryDecide(CachedStream stream, PendingCallback p, Decided decided)
    {
        try
        {
            return DecideCallback.Decide(stream.State, p.Callback, rules);
        }
        catch (Exception ex)
        {
            decided.Failed.Add((p, ex));
            return null;
        }
    }

    /// <summary>Records a command's result; returns the callbacks to queue again (parked ones, and a moved stream's).</summary>
    public List<PendingCallback> Settle(StreamCommand command, AppendResult result, int maxConflicts)
    {
        List<PendingCallback> again;
        lock (_gate)
        {
            again = _parked.Remove(command.StreamId, out var parked) ? parked : [];
            switch (result.Status)
            {
                case AppendStatus.Appended:
                    _cache.Set(command.StreamId, new CachedStream(
                        command.From.State.Evolve(command.Leader.Callback.IdempotencyKey, command.Events), result.StreamVersion));
                    break;
                case AppendStatus.Duplicate or AppendStatus.WrongExpectedVersion:
                    // Another writer got there first: our state is behind; the next callback reloads it.
                    _cache.Remove(command.StreamId);
                    break;
            }
        }
        switch (result.Status)
        {
            case AppendStatus.Appended:
                command.Complete(CommitStatus.Appended);
                break;
            case AppendStatus.Duplicate:
                command.Complete(CommitStatus.Duplicate);
                break;
            case AppendStatus.WrongExpectedVersion when ++command.Leader.Conflicts >= maxConflicts:
                command.Complete(CommitStatus.Unavailable, "the live stream kept changing under concurrent writers");
                break;
            case AppendStatus.WrongExpectedVersion:
                again.InsertRange(0, command.All);
                break;
            default:
                // Refused for its own data: the state is unchanged, so the cache stays; only this command fails.
                command.Complete(CommitStatus.Rejected, Describe(result));
                break;
        }
        return again;
    }

    /// <summary>A commit whose outcome is unknown: forget the states (they may be behind) and release the streams.</summary>
    public List<PendingCallback> Forget(IEnumerable<StreamCommand> commands)
    {
        var again = new List<PendingCallback>();
        lock (_gate)
            foreach (var c in commands)
            {
                _cache.Remove(c.StreamId);
                if (_parked.Remove(c.StreamId, out var parked)) again.AddRange(parked);
            }
        return again;
    }

    private static string Describe(AppendResult result) =>
        result.Error?.SourceException is { } ex
            ? ex is Npgsql.PostgresException pg ? $"{pg.GetType().Name} {pg.SqlState}: {pg.MessageText}" : $"{ex.GetType().Name}: {ex.Message}"
            : "the database refused the command";
}
