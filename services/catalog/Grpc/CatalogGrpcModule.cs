using Catalog.Feeds.Watching;
using Catalog.Grpc.Health;
using Catalog.Grpc.Health.V1;
using Catalog.Grpc.Reflection;
using Catalog.Grpc.Reflection.V1;
using Catalog.Grpc.Transport;
using Catalog.Grpc.V1;
using Microsoft.Extensions.Options;
using ProgramMessage = Catalog.Grpc.V1.Program;

namespace Catalog.Grpc;

public static class CatalogGrpcModule
{
    /// <summary>The Kestrel endpoint (<c>Kestrel:Endpoints:Grpc</c>) that serves gRPC: cleartext HTTP/2, 127.0.0.1:5191 by default.</summary>
    public const string EndpointName = "Grpc";

    public const string ServiceName = "catalog.v1.CatalogService";

    public static WebApplicationBuilder AddCatalogGrpc(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<CatalogGrpcOptions>(builder.Configuration.GetSection(CatalogGrpcOptions.Section));
        builder.Services.AddSingleton<CatalogGrpcService>();
        builder.Services.AddSingleton<FeedChanges>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<FeedChanges>());
        builder.Services.AddSingleton<WatchFeed>();
        builder.Services.AddSingleton<HealthGrpcService>();
        builder.Services.AddSingleton(new ReflectedFiles([CatalogReflection.Descriptor, HealthReflection.Descriptor,
            ReflectionReflection.Descriptor, Reflection.V1Alpha.ReflectionReflection.Descriptor]));
        builder.Services.AddSingleton<ReflectionGrpcService>();
        // Kestrel would answer HTTP/1.x on the HTTP/2-only gRPC port with an empty 400; this answers with a problem document.
        builder.WebHost.ConfigureKestrel((context, kestrel) => kestrel.Configure(context.Configuration.GetSection("Kestrel"), reloadOnChange: true)
            .Endpoint(EndpointName, endpoint => endpoint.ListenOptions.RefuseHttp1()));
        return builder;
    }

    public static WebApplication MapCatalogGrpc(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<CatalogGrpcOptions>>().Value;
        var keys = new GrpcApiKeys(options.ApiKeys);
        app.UseGrpcUnimplemented();
        app.MapGrpcService<CatalogGrpcService>(ServiceName, grpc =>
        {
            grpc.MaxReceiveMessageSize = options.MaxReceiveMessageSize;
            grpc.Unary<ListAnchorProgramsRequest, ListAnchorProgramsResponse>("ListAnchorPrograms", ListAnchorProgramsRequest.Parser, (s, r, c) => s.ListAnchorPrograms(r, c))
                .Unary<GetProgramRequest, ProgramMessage>("GetProgram", GetProgramRequest.Parser, (s, r, c) => s.GetProgram(r, c))
                .Unary<GetFeedRequest, Feed>("GetFeed", GetFeedRequest.Parser, (s, r, c) => s.GetFeed(r, c))
                .ServerStreaming<WatchFeedRequest, Feed>("WatchFeed", WatchFeedRequest.Parser, (s, r, w, c) => s.WatchFeed(r, w, c))
                .Unary<ListProgramsRequest, ListProgramsResponse>("ListPrograms", ListProgramsRequest.Parser, (s, r, c) => s.ListPrograms(r, c))
                .Unary<ListAnchorsRequest, ListAnchorsResponse>("ListAnchors", ListAnchorsRequest.Parser, (s, r, c) => s.ListAnchors(r, c))
                .Unary<ListFeedsRequest, ListFeedsResponse>("ListFeeds", ListFeedsRequest.Parser, (s, r, c) => s.ListFeeds(r, c))
                .MapErrors(CatalogGrpcErrors.Map);
            if (keys.Required) grpc.RequireAuthentication(keys.Allows);
        });
        // Open like /readyz, whatever the API keys: probes and load balancers send no credentials.
        app.MapGrpcService<HealthGrpcService>(HealthGrpcService.ServiceName, grpc => grpc
            .Unary<HealthCheckRequest, HealthCheckResponse>("Check", HealthCheckRequest.Parser, (s, r, c) => s.Check(r, c))
            .ServerStreaming<HealthCheckRequest, HealthCheckResponse>("Watch", HealthCheckRequest.Parser, (s, r, w, c) => s.Watch(r, w, c)));
        // v1alpha is v1's messages under another package name, byte for byte, so v1's types read and write both.
        foreach (var reflection in new[] { ReflectionGrpcService.V1, ReflectionGrpcService.V1Alpha })
        {
            app.MapGrpcService<ReflectionGrpcService>(reflection, grpc =>
            {
                grpc.DuplexStreaming<ServerReflectionRequest, ServerReflectionResponse>("ServerReflectionInfo", ServerReflectionRequest.Parser,
                    (s, r, w, c) => s.ServerReflectionInfo(r, w, c));
                // It describes what the keys guard, so it asks for them too.
                if (keys.Required) grpc.RequireAuthentication(keys.Allows);
            });
        }
        return app;
    }
}
