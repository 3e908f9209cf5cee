namespace Testing;

/// <summary>
/// One throwaway PostgreSQL per test process, started on first use and removed at exit.
/// Set <c>TEST_POSTGRES</c> to a server's connection string to use that server instead.
/// </summary>
public static class TestPostgres
{
    private static readonly Lazy<Task<LocalPostgres?>> Server = new(StartAsync);

    /// <summary>A fresh, empty database's connection string.</summary>
    public static async Task<string> NewDatabaseAsync()
    {
        var external = Environment.GetEnvironmentVariable("TEST_POSTGRES");
        if (!string.IsNullOrEmpty(external))
        {
            var name = $"t_{Guid.NewGuid():N}";
            await using var admin = new Npgsql.NpgsqlConnection(external);
            await admin.OpenAsync();
            await using var create = new Npgsql.NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
            return new Npgsql.NpgsqlConnectionStringBuilder(external) { Database = name }.ConnectionString;
        }
        var server = await Server.Value;
        return await server!.CreateDatabaseAsync();
    }

    /// <summary>The process-wide server (not available with <c>TEST_POSTGRES</c>), for tests that stop and start it.</summary>
    public static async Task<LocalPostgres> ServerAsync() =>
        await Server.Value ?? throw new InvalidOperationException("Not available when TEST_POSTGRES is set.");

    private static async Task<LocalPostgres?> StartAsync()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("TEST_POSTGRES"))) return null;
        var server = await LocalPostgres.StartAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return server;
    }
}
