using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Testing;

namespace EventLog.Tests;

/// <summary>An event store on a fresh database of the throwaway server; one per test.</summary>
public sealed class TestLog : IAsyncDisposable
{
    private TestLog(EventStore store, NpgsqlDataSource dataSource, string connectionString)
    {
        Store = store;
        DataSource = dataSource;
        ConnectionString = connectionString;
    }

    public EventStore Store { get; }
    public NpgsqlDataSource DataSource { get; }
    public string ConnectionString { get; }
    public SubscriptionAdmin Admin => new(Store);

    public static async Task<TestLog> CreateAsync()
    {
        var connectionString = await TestPostgres.NewDatabaseAsync();
        var dataSource = NpgsqlDataSource.Create(connectionString);
        var types = new EventTypeRegistry()
            .Register("happened", TestEventsJson.Default.Happened)
            .Register("also-happened", TestEventsJson.Default.AlsoHappened);
        var options = new EventStoreOptions { ConnectionString = connectionString };
        await EventLogSchema.EnsureAsync(dataSource, options.Schema);
        return new TestLog(new EventStore(dataSource, types, TimeProvider.System, options), dataSource, connectionString);
    }

    public SubscriptionRunner Runner(ISubscriptionHandler handler, SubscriptionOptions options) =>
        new(Store, handler, options, Logger);

    private static readonly Microsoft.Extensions.Logging.ILogger<SubscriptionRunner> Logger =
        LoggerFactory.Create(b => b.AddConsole()).CreateLogger<SubscriptionRunner>();

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync() => await DataSource.DisposeAsync();
}
