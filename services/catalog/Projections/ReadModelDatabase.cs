using EventLog;
using Npgsql;

namespace Catalog.Projections;

/// <summary>
/// Where the catalog's read models live: <c>ConnectionStrings:CatalogReadModels</c>, else <c>ConnectionStrings:Catalog</c>.
/// It must reach the log's database, because projections write their rows in the transaction of the log's checkpoint;
/// a string of its own still lets it use another role, pool size or host name for the same database.
/// </summary>
public sealed class ReadModelDatabase(NpgsqlDataSource dataSource) : IAsyncDisposable
{
    public const string ConnectionStringName = "CatalogReadModels";

    /// <summary>The read models' own database: their tables, the serving versions, rebuilds.</summary>
    public NpgsqlDataSource DataSource => dataSource;

    /// <summary>What REST and gRPC queries read from; the one place to point them at a replica.</summary>
    public NpgsqlDataSource Queries => dataSource;

    public static ReadModelDatabase From(IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(ConnectionStringName)
            ?? configuration.GetConnectionString(EventLogHosting.ConnectionStringName)
            ?? throw new InvalidOperationException(
                $"Set ConnectionStrings:{ConnectionStringName} or ConnectionStrings:{EventLogHosting.ConnectionStringName}.");
        return new ReadModelDatabase(NpgsqlDataSource.Create(EventLogHosting.WithAutoPrepare(connectionString)));
    }

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();
}
