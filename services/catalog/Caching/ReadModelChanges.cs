using Catalog.Projections;
using EventLog;
using Npgsql;

namespace Catalog.Caching;

/// <summary>
/// A number that moves whenever a serving read model may have changed, in this process and every other replica:
/// each projection batch notifies on <see cref="Channel"/> inside its own transaction, so the notification arrives
/// after the commit, and a page read after the number moved sees that commit. The number also moves whenever the
/// listening connection is lost or regained (notifications may have been missed), and pages are not cached at all
/// while it is not listening.
/// </summary>
public sealed partial class ReadModelChanges(ReadModelDatabase database, ProjectionVersions versions, ILogger<ReadModelChanges> logger) : BackgroundService
{
    public const string Channel = "catalog_read_models";

    private long _generation;
    private volatile bool _listening;

    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>The last notification heard; notifications arrive in commit order, so it tells what came before it.</summary>
    public string? LastHeard { get; private set; }

    /// <summary>Whether changes are being heard now; without it no page may be cached.</summary>
    public bool Listening => _listening;

    /// <summary>The handler wrapped so that its batches announce their change.</summary>
    public ISubscriptionHandler Notifying(ISubscriptionHandler handler) => new ChangeNotifyingHandler(handler, this);

    internal void Bump() => Interlocked.Increment(ref _generation);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await database.DataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) => OnChanged(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                Bump();
                _listening = true;
                while (true) await connection.WaitAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogListenLost(logger, ex.Message);
            }
            finally
            {
                _listening = false;
                Bump();
            }
            await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private void OnChanged(string subscription)
    {
        LastHeard = subscription;
        // A rebuild's chunks change tables nobody reads yet; the switch itself changes the serving versions in the key.
        var (projection, version) = Parse(subscription);
        if (versions.Current.TryGetValue(projection, out var row) && row.Serving != version) return;
        Bump();
    }

    private static (string Projection, int Version) Parse(string subscription)
    {
        var at = subscription.LastIndexOf("@v", StringComparison.Ordinal);
        return at > 0 && int.TryParse(subscription.AsSpan(at + 2), out var version) ? (subscription[..at], version) : (subscription, 0);
    }

    [LoggerMessage(LogLevel.Warning, "Not listening for read-model changes (pages are not cached meanwhile): {Reason}")]
    private static partial void LogListenLost(ILogger logger, string reason);
}
