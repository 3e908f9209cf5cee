using System.Net.Http.Headers;
using Catalog.Projections;
using EventLog;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Testing;

namespace Catalog.Tests;

/// <summary>The catalog service on a fresh database of the throwaway PostgreSQL, with known keys and a settable clock.</summary>
public sealed class CatalogApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string EditorKey = "editor-key-zero";
    public const string SecondEditorKey = "editor-key-one";
    public const string AdminKey = "admin-key-zero";
    public const string AliceKey = "alice-editor-key";
    public const string RootKey = "root-admin-key";

    public string ConnectionString { get; private set; } = "";
    public ManualClock Clock { get; } = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    public EventStore Store => Services.GetRequiredService<EventStore>();
    public Npgsql.NpgsqlDataSource ReadModels => Services.GetRequiredService<ReadModelDatabase>().DataSource;

    public async Task InitializeAsync()
    {
        ConnectionString = await TestPostgres.NewDatabaseAsync();
        _ = Services; // starts the host
        await Services.GetRequiredService<EventLogReadiness>().WhenSchemaReady(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Catalog", ConnectionString);
        builder.UseSetting("Catalog:EditorKeys:0", EditorKey);
        builder.UseSetting("Catalog:EditorKeys:1", SecondEditorKey);
        builder.UseSetting("Catalog:AdminKeys:0", AdminKey);
        builder.UseSetting("Catalog:Editors:alice:Key", AliceKey);
        builder.UseSetting("Catalog:Admins:root:Key", RootKey);
        builder.UseSetting("Catalog:RebuildBatchSize", "7");
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    public HttpClient Editor(string key = EditorKey)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public HttpClient Admin() => Editor(AdminKey);

    /// <summary>A browser-like client that keeps no cookies by itself: tests send the session cookie they were given.</summary>
    public HttpClient Browser(bool https = false) =>
        CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, BaseAddress = new Uri(https ? "https://localhost" : "http://localhost") });

    public async Task AppendAsync(string streamId, params object[] events) =>
        await Store.AppendAsync(new AppendRequest(streamId, ExpectedVersion.Any, events));

    /// <summary>Waits until every serving projection has folded everything appended so far (through this helper or the API).</summary>
    public async Task CatchUpAsync()
    {
        var last = await Store.HeadAsync();
        await Services.GetRequiredService<ProjectionHost>().CatchUpAsync(TimeSpan.FromSeconds(30), last);
    }
}

public sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;
    public override DateTimeOffset GetUtcNow() => Now;
}
