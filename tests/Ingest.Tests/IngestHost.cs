using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EventLog;
using Ingest.Tencent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Testing;

namespace Ingest.Tests;

/// <summary>
/// The ingest service in memory on a fresh database of its own, with a known callback key and admin key. Tests share
/// one per class through <see cref="IngestHostFixture"/>; those that stop the database, restart or run two replicas
/// start their own.
/// </summary>
public sealed class IngestHost : IAsyncDisposable
{
    public const string Key = "test-callback-key";
    public const string PreviousKey = "previous-callback-key";
    public const string AdminKey = "test-admin-key";
    public const string LegacyAdminKey = "test-legacy-admin-key";

    private readonly WebApplicationFactory<Program> _factory;
    private readonly NpgsqlDataSource _database;

    private IngestHost(WebApplicationFactory<Program> factory, string connectionString)
    {
        _factory = factory;
        _database = NpgsqlDataSource.Create(connectionString);
        ConnectionString = connectionString;
        Client = factory.CreateClient();
    }

    public HttpClient Client { get; }
    public IServiceProvider Services => _factory.Services;
    public string ConnectionString { get; }
    public EventStore Store => _factory.Services.GetRequiredService<EventStore>();

    public static async Task<IngestHost> StartAsync(string? connectionString = null, Dictionary<string, string?>? settings = null, TimeProvider? clock = null)
    {
        connectionString ??= await TestPostgres.NewDatabaseAsync();
        var all = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Catalog"] = connectionString,
            ["Tencent:CallbackKey"] = Key,
            ["Tencent:PreviousCallbackKey"] = PreviousKey,
            ["Ingest:Admins:ops:Key"] = AdminKey,
            ["Ingest:AdminKeys:0"] = LegacyAdminKey,
            ["Ingest:MaxBodyBytes"] = "4096",
        };
        foreach (var (k, v) in settings ?? []) all[k] = v;
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            foreach (var (k, v) in all) b.UseSetting(k, v);
            if (clock is not null) b.ConfigureTestServices(services => services.AddSingleton(clock));
        });
        var host = new IngestHost(factory, connectionString);
        await host.WaitUntilReadyAsync();
        return host;
    }

    /// <summary>Signs a payload as Tencent does: <c>t</c> an expiry in the future unless given.</summary>
    public static string Signed(object payload, string key = Key, long? t = null)
    {
        var expiry = t ?? DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds();
        var node = JsonSerializer.SerializeToNode(payload)!.AsObject();
        node["t"] = expiry;
        node["sign"] = TencentSignature.Sign(key, expiry);
        return node.ToJsonString();
    }

    public Task<HttpResponseMessage> PostAsync(string body) =>
        Client.PostAsync("/callbacks/tencent", new StringContent(body, Encoding.UTF8, "application/json"));

    public HttpRequestMessage Admin(HttpMethod method, string path) =>
        new(method, path) { Headers = { { "Authorization", $"Bearer {AdminKey}" } } };

    public async Task<IReadOnlyList<RecordedEvent>> StreamAsync(string streamId) => await Store.ReadStreamAsync(streamId);

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = _database.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// Empties every table of the log and of ingest (the schema stays, identities restart): the host is then as a new
    /// one on a new database, without the cost of starting one. The committer's cached states are behind the log now;
    /// it finds that out as it would after a database restore (a conflicting append, a repeat checked against the log).
    /// </summary>
    public async Task ResetAsync()
    {
        await using var command = _database.CreateCommand("""
            DO $$ BEGIN
              EXECUTE (SELECT 'TRUNCATE ' || string_agg(format('%I.%I', schemaname, tablename), ', ') || ' RESTART IDENTITY'
                       FROM pg_tables WHERE schemaname IN ('eventlog', 'ingest'));
            END $$
            """);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    private Task WaitUntilReadyAsync() =>
        Eventually.TrueAsync(async () => (await Client.GetAsync("/readyz")).IsSuccessStatusCode, "the ingest service is ready", seconds: 10);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _factory.DisposeAsync();
        await _database.DisposeAsync();
    }
}
