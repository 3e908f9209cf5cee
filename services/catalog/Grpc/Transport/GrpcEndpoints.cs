using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Catalog.Grpc.Transport;

public static class GrpcEndpoints
{
    /// <summary>Routes <c>POST /{serviceName}/{method}</c> to the methods declared in <paramref name="configure"/>.</summary>
    public static IEndpointConventionBuilder MapGrpcService<TService>(
        this IEndpointRouteBuilder endpoints, string serviceName, Action<GrpcServiceBuilder<TService>> configure)
        where TService : class
    {
        var builder = new GrpcServiceBuilder<TService>(serviceName);
        configure(builder);
        var service = builder.Build();
        return endpoints
            .MapPost($"/{serviceName}/{{method}}", context => GrpcCallHandler.HandleAsync(context, service))
            .WithDisplayName($"gRPC {serviceName}")
            .WithMetadata(new GrpcServiceMetadata())
            .ExcludeFromDescription();
    }
}
