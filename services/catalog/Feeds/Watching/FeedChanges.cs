using Catalog.Feeds.Projecting;
using Catalog.Programs.Projecting;
using Catalog.Projections;
using Npgsql;

namespace Catalog.Feeds.Watching;

/// <summary>
/// Wakes a feed's watchers when the feeds projection commits a change to it. The projection NOTIFYs in its commit,
/// whichever replica runs it; each process LISTENs on one connection and tells the watchers of the feeds named.
/// </summary>
public sealed partial class FeedChanges(ReadModelDatabase database, ILogger<FeedChanges> logger) : BackgroundService
{
    // A silent connection may be a dead one: this often, a round trip proves it is alive.
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(1);
    private readonly Dictionary<string, Entry> _feeds = new(StringComparer.Ordinal);

    /// <summary>Starts hearing a feed's changes; dispose to stop.</summary>
    public Listening Listen(string feedId)
    {
        lock (_feeds)
        {
            if (!_feeds.TryGetValue(feedId, out var entry)) _feeds[feedId] = entry = new Entry();
            entry.Listeners++;
            return new Listening(this, feedId, entry);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await ListenAsync(stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    LogListenFailed(logger, ex);
                    await Task.Delay(ReconnectDelay, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task ListenAsync(CancellationToken ct)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(ct);
        // A hidden or restored program may be in any feed; moderation is rare, so every watcher reads its page again.
        connection.Notification += (_, e) =>
        {
            if (e.Channel == ProgramsProjection.ModeratedChannel) WakeAll();
            else Wake(e.Payload);
        };
        await using (var listen = new NpgsqlCommand($"LISTEN {FeedsProjection.ChangedChannel}; LISTEN {ProgramsProjection.ModeratedChannel}", connection))
            await listen.ExecuteNonQueryAsync(ct);
        // Whatever was committed while nobody listened went unheard: every watcher reads again.
        WakeAll();
        while (true)
        {
            if (await connection.WaitAsync(KeepAlive, ct)) continue;
            await using var ping = new NpgsqlCommand("SELECT 1", connection);
            await ping.ExecuteNonQueryAsync(ct);
        }
    }

    private void Wake(string feedId)
    {
        lock (_feeds)
        {
            if (_feeds.TryGetValue(feedId, out var entry)) entry.Wake();
        }
    }

    private void WakeAll()
    {
        lock (_feeds)
        {
            foreach (var entry in _feeds.Values) entry.Wake();
        }
    }

    private void Release(string feedId, Entry entry)
    {
        lock (_feeds)
        {
            if (--entry.Listeners == 0) _feeds.Remove(feedId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listening for feed changes failed; listening again")]
    private static partial void LogListenFailed(ILogger logger, Exception exception);

    internal sealed class Entry
    {
        public int Listeners;
        private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Changed => _changed.Task;

        public void Wake()
        {
            var changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            changed.TrySetResult();
        }
    }

    public sealed class Listening : IDisposable
    {
        private readonly FeedChanges _owner;
        private readonly string _feedId;
        private readonly Entry _entry;
        private int _disposed;

        internal Listening(FeedChanges owner, string feedId, Entry entry)
        {
            _owner = owner;
            _feedId = feedId;
            _entry = entry;
        }

        /// <summary>Completes at the next change heard after this property is read.</summary>
        public Task NextChange
        {
            get
            {
                lock (_owner._feeds) return _entry.Changed;
            }
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) _owner.Release(_feedId, _entry);
        }
    }
}
