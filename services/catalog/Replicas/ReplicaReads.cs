using Npgsql;

namespace Catalog.Replicas;

/// <summary>
/// The optional read replicas (<c>ConnectionStrings:CatalogReads</c>: one or more hosts in Npgsql's multi-host form,
/// e.g. <c>Host=standby1,standby2,primary;Target Session Attributes=prefer-standby</c>). Queries read there while every
/// listed standby answers within <c>Catalog:Replicas:MaxLag</c> of the primary; otherwise they read from the primary.
/// </summary>
public sealed class ReplicaReads(NpgsqlDataSource source, string connectionString) : IAsyncDisposable
{
    public const string ConnectionStringName = "CatalogReads";

    private volatile bool _healthy;
    private long _caughtUpGeneration = -1;

    public NpgsqlDataSource Source => source;

    /// <summary>Each listed host on its own, for measuring its lag.</summary>
    public IReadOnlyList<NpgsqlConnectionStringBuilder> Hosts { get; } = SplitHosts(connectionString);

    /// <summary>Whether queries read from the replicas now.</summary>
    public bool InUse => _healthy;

    public double LagSeconds { get; private set; }
    public long LagBytes { get; private set; }
    public string State { get; private set; } = "not checked yet";

    /// <summary>The newest read-model change generation every standby is known to have replayed.</summary>
    public long CaughtUpGeneration => Interlocked.Read(ref _caughtUpGeneration);

    internal void Report(bool healthy, double lagSeconds, long lagBytes, string state)
    {
        (LagSeconds, LagBytes, State) = (lagSeconds, lagBytes, state);
        _healthy = healthy;
    }

    internal void CaughtUpTo(long generation)
    {
        long seen;
        while ((seen = Interlocked.Read(ref _caughtUpGeneration)) < generation
               && Interlocked.CompareExchange(ref _caughtUpGeneration, generation, seen) != seen)
        {
        }
    }

    /// <summary>A replica failed a query: read from the primary until the next check finds it well.</summary>
    public void MarkDown(string reason) => Report(false, LagSeconds, LagBytes, $"failed a query: {reason}");

    private static List<NpgsqlConnectionStringBuilder> SplitHosts(string connectionString)
    {
        var all = new NpgsqlConnectionStringBuilder(connectionString);
        return (all.Host ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(host =>
        {
            var one = new NpgsqlConnectionStringBuilder(connectionString)
            {
                TargetSessionAttributes = null, MaxPoolSize = 2, Timeout = 3,
                ApplicationName = $"{all.ApplicationName ?? "catalog"} replica check",
            };
            var colon = host.LastIndexOf(':');
            if (colon > 0 && int.TryParse(host.AsSpan(colon + 1), out var port)) (one.Host, one.Port) = (host[..colon], port);
            else one.Host = host;
            return one;
        }).ToList();
    }

    public ValueTask DisposeAsync() => source.DisposeAsync();
}
