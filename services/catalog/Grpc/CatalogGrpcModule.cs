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
        builder.Services.AddSingleton<FeedVersionWatch>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<FeedVersionWatch>());
        return builder;
    }

    public static WebApplication MapCatalogGrpc(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<CatalogGrpcOptions>>().Value;
        var keys = new GrpcApiKeys(options.ApiKeys);
        app.MapGrpcService<CatalogGrpcService>(ServiceName, grpc =>
        {
            grpc.MaxReceiveMessageSize = options.MaxReceiveMessageSize;
            grpc.Unary<ListAnchorProgramsRequest, ListAnchorProgramsResponse>("ListAnchorPrograms", ListAnchorProgramsRequest.Parser, (s, r, c) => s.ListAnchorPrograms(r, c))
                .Unary<GetProgramRequest, ProgramMessage>("GetProgram", GetProgramRequest.Parser, (s, r, c) => s.GetProgram(r, c))
                .Unary<GetFeedRequest, Feed>("GetFeed", GetFeedRequest.Parser, (s, r, c) => s.GetFeed(r, c))
                .ServerStreaming<WatchFeedRequest, Feed>("WatchFeed", WatchFeedRequest.Parser, (s, r, w, c) => s.WatchFeed(r, w, c))
                .MapErrors(CatalogGrpcErrors.Map);
            if (keys.Required) grpc.RequireAuthentication(keys.Allows);
        });
        return app;
    }
}
