using EventLog;
using Npgsql;

namespace Catalog.Projections;

public sealed record VersionRow(string Name, int Serving, int? Building);

/// <summary>
/// Which version of each projection serves reads (<c>catalog.projection_versions</c>). Reads use a cached copy
/// refreshed by the projection host; a switch is one UPDATE, so every reader sees the old or the new version whole.
/// </summary>
public sealed class ProjectionVersions(ReadModelDatabase database, SubscriptionAdmin subscriptions, IEnumerable<IProjection> projections)
{
    private readonly NpgsqlDataSource dataSource = database.DataSource;
    private const string Table = "catalog.projection_versions";
    /// <summary>Held while anything creates or drops the catalog's tables, so replicas never race on them.</summary>
    internal const string SchemaLock = "catalog.schema";
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile IReadOnlyDictionary<string, VersionRow> _rows = new Dictionary<string, VersionRow>();

    public IReadOnlyList<IProjection> Projections { get; } = projections.ToList();

    public IProjection Find(string name) =>
        Projections.FirstOrDefault(p => p.Name == name) ?? throw new NotFoundException($"There is no projection named '{name}'.");

    /// <summary>The serving version, as last refreshed; waits for the first refresh at start-up.</summary>
    public async ValueTask<int> ServingAsync(string name, CancellationToken ct)
    {
        if (!_loaded.Task.IsCompleted)
        {
            try
            {
                await _loaded.Task.WaitAsync(TimeSpan.FromSeconds(5), ct);
            }
            catch (TimeoutException)
            {
                throw new UnavailableException("The catalog's projections are not ready yet: its database has not answered since start-up.");
            }
        }
        return _rows[name].Serving;
    }

    public IReadOnlyDictionary<string, VersionRow> Current => _rows;

    /// <summary>Creates the catalog schema, a row per projection (version 1 at first) and the serving versions' tables.</summary>
    public async Task EnsureAsync(CancellationToken ct)
    {
        IReadOnlyDictionary<string, VersionRow> rows = new Dictionary<string, VersionRow>();
        await SchemaMigration.RunAsync(dataSource, SchemaLock, async tx =>
        {
            await SchemaMigration.ExecuteAsync(tx, $"""
                CREATE SCHEMA IF NOT EXISTS catalog;
                CREATE TABLE IF NOT EXISTS {Table} (
                    name text PRIMARY KEY, serving int NOT NULL, building int, switched_at timestamptz);
                """, ct);
            await using (var insert = new NpgsqlCommand($"INSERT INTO {Table} (name, serving) SELECT unnest($1::text[]), 1 ON CONFLICT (name) DO NOTHING", tx.Connection, tx))
            {
                insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = Projections.Select(p => p.Name).ToArray() });
                await insert.ExecuteNonQueryAsync(ct);
            }
            rows = await ReadAsync(tx.Connection!, tx, ct);
            foreach (var p in Projections)
                await SchemaMigration.ExecuteAsync(tx, p.CreateTablesSql(rows[p.Name].Serving), ct);
        }, ct);
        Publish(rows);
    }

    public async Task<IReadOnlyDictionary<string, VersionRow>> RefreshAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await ReadAsync(connection, null, ct);
        Publish(rows);
        return rows;
    }

    /// <summary>
    /// The version a rebuild builds: the one already under way (to resume it) or the next one. With
    /// <paramref name="restart"/> an interrupted build's tables are dropped and its checkpoint reset.
    /// </summary>
    public async Task<int> BeginRebuildAsync(IProjection projection, bool restart, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await SchemaMigration.LockAsync(tx, SchemaLock, ct);
        var row = (await ReadAsync(connection, tx, ct))[projection.Name];
        var target = row.Building ?? Math.Max(row.Serving, await HighestBuiltAsync(projection.Name, tx, ct)) + 1;
        if (restart || row.Building is null)
        {
            // A version number is never reused with stale rows: a fresh build starts from empty tables and the log's start.
            await SchemaMigration.ExecuteAsync(tx, projection.DropTablesSql(target), ct);
            await subscriptions.ForgetAsync(ProjectionNames.Subscription(projection.Name, target), tx, ct);
        }
        await SchemaMigration.ExecuteAsync(tx, projection.CreateTablesSql(target), ct);
        await using (var building = new NpgsqlCommand($"UPDATE {Table} SET building = $2 WHERE name = $1", connection, tx))
        {
            building.Parameters.Add(new NpgsqlParameter<string> { TypedValue = projection.Name });
            building.Parameters.Add(new NpgsqlParameter<int> { TypedValue = target });
            await building.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        return target;
    }

    /// <summary>Makes the built version the serving one, atomically; false if another rebuild switched first.</summary>
    public async Task<bool> SwitchAsync(string name, int target, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using var command = new NpgsqlCommand(
            $"UPDATE {Table} SET serving = building, building = NULL, switched_at = now() WHERE name = $1 AND building = $2", connection, tx);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = target });
        var switched = await command.ExecuteNonQueryAsync(ct) == 1;
        if (switched && target > 2)
        {
            // The version before the one just replaced has served nobody for a whole rebuild: its tables can go.
            var retired = target - 2;
            await SchemaMigration.ExecuteAsync(tx, Find(name).DropTablesSql(retired), ct);
            await subscriptions.ForgetAsync(ProjectionNames.Subscription(name, retired), tx, ct);
        }
        await tx.CommitAsync(ct);
        await RefreshAsync(ct);
        return switched;
    }

    /// <summary>The highest version of a projection that any subscription built or started to build.</summary>
    private async Task<int> HighestBuiltAsync(string name, NpgsqlTransaction tx, CancellationToken ct) =>
        (await subscriptions.NamesAsync(ProjectionNames.Versions(name), tx, ct))
            .Select(ProjectionNames.VersionOf).DefaultIfEmpty(0).Max();

    private void Publish(IReadOnlyDictionary<string, VersionRow> rows)
    {
        _rows = rows;
        _loaded.TrySetResult();
    }

    private static async Task<Dictionary<string, VersionRow>> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"SELECT name, serving, building FROM {Table}", connection, tx);
        var rows = new Dictionary<string, VersionRow>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            rows[reader.GetString(0)] = new VersionRow(reader.GetString(0), reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetInt32(2));
        return rows;
    }
}
