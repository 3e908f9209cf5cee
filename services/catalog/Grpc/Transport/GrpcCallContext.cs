using Microsoft.AspNetCore.Http;

namespace Catalog.Grpc.Transport;

/// <summary>What a method handler knows about its call: metadata and the token that ends the work (deadline included).</summary>
public sealed class GrpcCallContext(HttpContext http, string method, CancellationToken cancellationToken)
{
    public HttpContext HttpContext { get; } = http;

    /// <summary>The full method name, e.g. <c>catalog.v1.CatalogService/GetProgram</c>.</summary>
    public string Method { get; } = method;

    /// <summary>Cancelled when the client cancels, the connection drops or the deadline passes.</summary>
    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>A request metadata value (ASCII metadata only), or null.</summary>
    public string? RequestHeader(string name)
    {
        var values = HttpContext.Request.Headers[name];
        return values.Count == 0 ? null : values[0];
    }
}

/// <summary>Sends the messages of a server-streaming call, one frame each, flushed at once.</summary>
public interface IGrpcStreamWriter<in T>
{
    Task WriteAsync(T message, CancellationToken cancellationToken = default);
}
