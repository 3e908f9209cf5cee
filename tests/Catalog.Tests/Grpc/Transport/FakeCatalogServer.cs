using Catalog.Grpc.Transport;
using Catalog.Grpc.V1;
using ProgramMessage = Catalog.Grpc.V1.Program;
using Google.Protobuf.WellKnownTypes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Catalog.Tests.Grpc.Transport;

/// <summary>
/// The gRPC transport on a real Kestrel HTTP/2 port with a scripted service, so transport behaviour is tested
/// without the catalog's data: the request id says what the handler does.
/// </summary>
public sealed class FakeCatalogServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeCatalogServer(WebApplication app, FakeCatalogService service, string address)
    {
        _app = app;
        Service = service;
        Address = address;
    }

    public FakeCatalogService Service { get; }

    /// <summary>host:port of the HTTP/2 endpoint.</summary>
    public string Address { get; }

    public Uri BaseUri => new($"http://{Address}");

    public static async Task<FakeCatalogServer> StartAsync(string? apiKey = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        // The catalog's appsettings.json sits beside the test binaries; its endpoints (5190, 5191) are not ours.
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        var service = new FakeCatalogService();
        builder.Services.AddSingleton(service);
        builder.Services.AddRouting();
        var app = builder.Build();
        app.MapGrpcService<FakeCatalogService>("catalog.v1.CatalogService", grpc =>
        {
            grpc.MaxReceiveMessageSize = 1024;
            grpc.Unary<GetProgramRequest, ProgramMessage>("GetProgram", GetProgramRequest.Parser, (s, r, c) => s.GetProgram(r, c))
                .ServerStreaming<WatchFeedRequest, Feed>("WatchFeed", WatchFeedRequest.Parser, (s, r, w, c) => s.WatchFeed(r, w, c))
                .MapErrors(e => e is ArgumentException a ? new GrpcException(GrpcStatusCode.InvalidArgument, a.Message) : null);
            if (apiKey is not null) grpc.RequireAuthentication(c => c.RequestHeader("x-api-key") == apiKey);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new FakeCatalogServer(app, service, new Uri(address).Authority);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed class FakeCatalogService
{
    /// <summary>Completes when a slow handler's work is cancelled (by the deadline or the client).</summary>
    public TaskCompletionSource<DateTimeOffset> SlowWorkCancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task<ProgramMessage> GetProgram(GetProgramRequest request, GrpcCallContext call)
    {
        switch (request.Id)
        {
            case "missing":
                throw new GrpcException(GrpcStatusCode.NotFound, "Program missing was not found.");
            case "unicode-error":
                throw new GrpcException(GrpcStatusCode.NotFound, "Kein Programm für «ä» 100% 🎥\nzweite Zeile");
            case "bad-argument":
                throw new ArgumentException("Id must look like a program id.");
            case "crash":
                throw new InvalidOperationException("secret internal detail");
            case "slow":
                try
                {
                    await Task.Delay(Timeout.Infinite, call.CancellationToken);
                }
                catch (OperationCanceledException)
                {
                    SlowWorkCancelled.TrySetResult(DateTimeOffset.UtcNow);
                    throw;
                }
                break;
        }
        return new ProgramMessage
        {
            Id = request.Id,
            AnchorId = call.RequestHeader("x-echo") ?? "anchor",
            StartedAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero)),
            DurationSeconds = 1.5,
            Flags = new ProgramFlags { Short = true },
            MergedFrom = { "m-1", "m-2" },
        };
    }

    /// <summary>Sends <c>limit</c> versions, then either ends (feed id "finite") or waits for the call to end.</summary>
    public async Task WatchFeed(WatchFeedRequest request, IGrpcStreamWriter<Feed> writer, GrpcCallContext call)
    {
        for (var version = 1; version <= request.Limit; version++)
        {
            await writer.WriteAsync(new Feed { Id = request.FeedId, Version = version });
        }
        if (request.FeedId == "finite") return;
        if (request.FeedId == "fail-after-messages") throw new GrpcException(GrpcStatusCode.NotFound, "Feed was deleted.");
        await Task.Delay(Timeout.Infinite, call.CancellationToken);
    }
}
