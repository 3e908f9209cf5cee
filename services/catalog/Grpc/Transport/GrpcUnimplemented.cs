using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Catalog.Grpc.Transport;

/// <summary>
/// A gRPC call to a service or method nobody mapped ends with UNIMPLEMENTED in a gRPC response, as gRPC servers answer,
/// rather than the HTTP 404 problem REST callers get: gRPC clients read only <c>grpc-status</c>.
/// </summary>
public static class GrpcUnimplemented
{
    public static IApplicationBuilder UseGrpcUnimplemented(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (!GrpcCallHandler.IsGrpcContentType(http.Request.ContentType) || http.GetEndpoint()?.Metadata.GetMetadata<GrpcServiceMetadata>() is not null)
        {
            await next(http);
            return;
        }
        var method = http.Request.Path.Value?.TrimStart('/') ?? "";
        Activity.Current?.SetTag("rpc.system", "grpc").SetTag("rpc.grpc.status_code", (int)GrpcStatusCode.Unimplemented);
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/grpc";
        GrpcStatusHeaders.Write(http.Response, bodyStarted: false, GrpcStatusCode.Unimplemented, $"Method {method} is not implemented by this server.");
    });
}

/// <summary>Marks the endpoint of a mapped gRPC service.</summary>
public sealed class GrpcServiceMetadata;
