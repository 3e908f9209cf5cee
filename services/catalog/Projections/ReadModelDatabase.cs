using EventLog;
using Npgsql;

namespace Catalog.Projections;

/// <summary>
/// Where the catalog's read models live: <c>ConnectionStrings:CatalogReadModels</c>, else <c>ConnectionStrings:Catalog</c>.
/// It must reach the log's database, because projections write their rows in the transaction of the log's checkpoint;
/// a string of its own still lets it use another role, pool size or host name for the same database.
/// </summary>
public sealed class ReadModelDatabase(NpgsqlDataSource dataSource, Replicas.ReplicaReads? replicas = null) : IAsyncDisposable
{
    public const string ConnectionStringName = "CatalogReadModels";

    /// <summary>The read models' own database: their tables, the serving versions, rebuilds.</summary>
    public NpgsqlDataSource DataSource => dataSource;

    /// <summary>What REST and gRPC queries read from; the one place to point them at a replica.</summary>
    public NpgsqlDataSource Queries => replicas is { InUse: true } ? replicas.Source : dataSource;

    /// <summary>The read replicas of <c>ConnectionStrings:CatalogReads</c>, when set.</summary>
    public Replicas.ReplicaReads? Replicas => replicas;

    public static ReadModelDatabase From(IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(ConnectionStringName)
            ?? configuration.GetConnectionString(EventLogHosting.ConnectionStringName)
            ?? throw new InvalidOperationException(
                $"Set ConnectionStrings:{ConnectionStringName} or ConnectionStrings:{EventLogHosting.ConnectionStringName}.");
        var reads = configuration.GetConnectionString(Catalog.Replicas.ReplicaReads.ConnectionStringName);
        return new ReadModelDatabase(NpgsqlDataSource.Create(EventLogHosting.WithAutoPrepare(connectionString)),
            reads is null ? null : new Replicas.ReplicaReads(NpgsqlDataSource.Create(EventLogHosting.WithAutoPrepare(reads)), reads));
    }

    public async ValueTask DisposeAsync()
    {
        if (replicas is not null) await replicas.DisposeAsync();
        await dataSource.DisposeAsync();
    }
}
