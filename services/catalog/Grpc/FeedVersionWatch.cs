using Catalog.Feeds.Projecting;
using Catalog.Projections;
using EventLog;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Catalog.Grpc;

/// <summary>
/// Tells feed watchers when a feed's version changes in the serving read model. One query per poll interval
/// covers every watched feed, however many calls watch them, and none runs while nobody watches.
/// </summary>
public sealed partial class FeedVersionWatch(
    EventStore store,
    ProjectionVersions versions,
    IOptions<CatalogGrpcOptions> options,
    ILogger<FeedVersionWatch> logger) : BackgroundService
{
    private readonly Dictionary<string, Entry> _feeds = new(StringComparer.Ordinal);
    private TaskCompletionSource _firstWatcher = NewSignal();

    /// <summary>Starts watching a feed; dispose to stop.</summary>
    public Watching Watch(string feedId)
    {
        lock (_feeds)
        {
            if (!_feeds.TryGetValue(feedId, out var entry)) _feeds[feedId] = entry = new Entry();
            entry.Watchers++;
            _firstWatcher.TrySetResult();
            return new Watching(this, feedId, entry);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                string[] ids;
                Task someone;
                lock (_feeds)
                {
                    ids = _feeds.Keys.ToArray();
                    if (ids.Length == 0) _firstWatcher = NewSignal();
                    someone = _firstWatcher.Task;
                }
                if (ids.Length == 0)
                {
                    await someone.WaitAsync(stoppingToken);
                    continue;
                }
                try
                {
                    await PollAsync(ids, stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // The database may be away for a while; watchers just hear nothing until it is back.
                    LogPollFailed(logger, ex);
                }
                await Task.Delay(options.Value.WatchPollInterval, store.Clock, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task PollAsync(string[] ids, CancellationToken ct)
    {
        var table = FeedsProjection.Feeds(await versions.ServingAsync(FeedsProjection.ProjectionName, ct));
        await using var command = store.DataSource.CreateCommand($"SELECT id, version FROM {table} WHERE id = ANY($1)");
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = ids });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var id = reader.GetString(0);
            var version = reader.GetInt64(1);
            lock (_feeds)
            {
                if (!_feeds.TryGetValue(id, out var entry) || entry.Version == version) continue;
                entry.Version = version;
                var changed = entry.Changed;
                entry.Changed = NewSignal();
                changed.TrySetResult();
            }
        }
    }

    private void Release(string feedId, Entry entry)
    {
        lock (_feeds)
        {
            if (--entry.Watchers == 0) _feeds.Remove(feedId);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Polling watched feed versions failed")]
    private static partial void LogPollFailed(ILogger logger, Exception exception);

    internal sealed class Entry
    {
        public long? Version;
        public int Watchers;
        public TaskCompletionSource Changed = NewSignal();
    }

    public sealed class Watching : IDisposable
    {
        private readonly FeedVersionWatch _owner;
        private readonly string _feedId;
        private readonly Entry _entry;
        private int _disposed;

        internal Watching(FeedVersionWatch owner, string feedId, Entry entry)
        {
            _owner = owner;
            _feedId = feedId;
            _entry = entry;
        }

        /// <summary>Completes at the next version change seen after this property is read.</summary>
        public Task NextChange
        {
            get
            {
                lock (_owner._feeds) return _entry.Changed.Task;
            }
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) _owner.Release(_feedId, _entry);
        }
    }
}
