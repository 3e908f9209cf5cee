using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Catalog.Projections;
using Contracts.Recordings;
using EventLog;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Testing;

namespace Catalog.Tests.Grpc.Service;

/// <summary>
/// The whole catalog on real Kestrel ports (REST on one, gRPC on another) over a fresh database, with helpers that
/// record programs in the event log and curate feeds through REST, as ingest and editors would.
/// </summary>
public sealed class CatalogGrpcApp : IAsyncDisposable
{
    public const string EditorKey = "editor-key-for-tests";
    public const string Provider = "tencent";

    private readonly WebApplicationFactory<Program> _factory;

    private CatalogGrpcApp(WebApplicationFactory<Program> factory, Uri rest, string grpcAddress)
    {
        _factory = factory;
        Rest = new HttpClient { BaseAddress = rest };
        Rest.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", EditorKey);
        Grpc = new NodeGrpcClient(grpcAddress);
        Python = new PythonGrpcClient(grpcAddress);
    }

    public HttpClient Rest { get; }
    public NodeGrpcClient Grpc { get; }
    public PythonGrpcClient Python { get; }
    public IServiceProvider Services => _factory.Services;

    /// <param name="connectionString">A database of a server the test controls (to stop it); a fresh one of the shared server when null.</param>
    public static async Task<CatalogGrpcApp> StartAsync(IReadOnlyDictionary<string, string>? settings = null, string? connectionString = null)
    {
        connectionString ??= await TestPostgres.NewDatabaseAsync();
        var grpcPort = FreePort.Next();
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("ConnectionStrings:Catalog", connectionString);
            web.UseSetting("Kestrel:Endpoints:Rest:Url", "http://127.0.0.1:0");
            web.UseSetting("Kestrel:Endpoints:Grpc:Url", $"http://127.0.0.1:{grpcPort}");
            web.UseSetting("Catalog:Grpc:HealthWatchInterval", "00:00:00.100");
            web.UseSetting("Catalog:EditorKeys:0", EditorKey);
            foreach (var (key, value) in settings ?? new Dictionary<string, string>()) web.UseSetting(key, value);
        });
        factory.UseKestrel();
        factory.StartServer();
        var addresses = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(a => new Uri(a)).ToList();
        var rest = addresses.Single(a => a.Port != grpcPort);
        Assert.Contains(addresses, a => a.Port == grpcPort);
        await factory.Services.GetRequiredService<EventLogReadiness>().WhenSchemaReady(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        return new CatalogGrpcApp(factory, rest, $"127.0.0.1:{grpcPort}");
    }

    /// <summary>Appends one broadcast's files (format, start, end) as ingest would, and returns its program id.</summary>
    public async Task<Guid> RecordProgramAsync(string anchorId, params (string Format, DateTimeOffset Start, DateTimeOffset End)[] files)
    {
        var programId = Guid.CreateVersion7();
        var streamId = $"{anchorId}-{programId:N}";
        var events = new List<object>();
        var index = new Dictionary<string, int>();
        foreach (var (format, start, end) in files)
        {
            var fileId = $"f-{Guid.NewGuid():N}";
            events.Add(new RecordingFileCreated(streamId, anchorId, Provider, fileId, format, $"https://cdn.example/{fileId}.{format}",
                1000, start, end, (end - start).TotalSeconds, false, null,
                new RecordingDetails(null, null, null, null, null, null, null, null, null, null)));
            var i = index.GetValueOrDefault(format);
            index[format] = i + 1;
            events.Add(new StreamSegmented(streamId, anchorId, programId, format, fileId, i, start, end,
                i == 0 ? SegmentReason.ProgramStarted : SegmentReason.IntervalCut));
        }
        var store = Services.GetRequiredService<EventStore>();
        await store.AppendAsync(new AppendRequest(LiveStreamIds.For(Provider, streamId), ExpectedVersion.Any, events.ToArray()));
        return programId;
    }

    /// <summary>Appends ingest's decision that a late file bridged two programs of an anchor.</summary>
    public async Task MergeAsync(string anchorId, Guid survivor, Guid merged, DateTimeOffset at)
    {
        var streamId = $"{anchorId}-{survivor:N}";
        var store = Services.GetRequiredService<EventStore>();
        await store.AppendAsync(new AppendRequest(LiveStreamIds.For(Provider, streamId), ExpectedVersion.Any,
            [new ProgramsMerged(streamId, anchorId, survivor, merged, at)]));
    }

    /// <summary>Waits until every projection has read the log as it is now.</summary>
    public Task CatchUpAsync() => Services.GetRequiredService<ProjectionHost>().CatchUpAsync(TimeSpan.FromSeconds(30));

    public async Task PutFeedAsync(string feedId, string title)
    {
        using var response = await Rest.PutAsync($"/v1/feeds/{feedId}", Json($$"""{"title":"{{title}}"}"""));
        response.EnsureSuccessStatusCode();
    }

    public async Task FeatureAsync(string feedId, Guid programId, string note)
    {
        using var response = await Rest.PutAsync($"/v1/feeds/{feedId}/items/{programId}", Json($$"""{"note":"{{note}}"}"""));
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        Rest.Dispose();
        await _factory.DisposeAsync();
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
