using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Catalog.Grpc.Transport;

/// <summary>
/// Runs one gRPC call over HTTP/2: checks the request, applies the deadline, runs the method and ends the call
/// with <c>grpc-status</c> and <c>grpc-message</c>.
/// </summary>
internal static class GrpcCallHandler
{
    private const string AcceptEncoding = "identity,gzip";

    public static async Task HandleAsync<TService>(HttpContext http, GrpcServiceDefinition<TService> service) where TService : class
    {
        var request = http.Request;
        var response = http.Response;
        if (!HttpProtocol.IsHttp2(request.Protocol) && !HttpProtocol.IsHttp3(request.Protocol))
        {
            // Trailers, which carry the status, need HTTP/2.
            response.Headers.Upgrade = "h2c";
            await Results.Problem(statusCode: StatusCodes.Status426UpgradeRequired, title: "gRPC needs HTTP/2.",
                detail: "Call this method with a gRPC client, over HTTP/2.").ExecuteAsync(http);
            return;
        }
        if (!IsGrpcContentType(request.ContentType))
        {
            await Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "This is a gRPC method.",
                detail: "Send the request as content-type application/grpc, framed as gRPC messages.").ExecuteAsync(http);
            return;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-accept-encoding"] = AcceptEncoding;

        var methodName = (string)http.Request.RouteValues["method"]!;
        // The request's own activity becomes an RPC span in OpenTelemetry's terms.
        Activity.Current?.SetTag("rpc.system", "grpc").SetTag("rpc.service", service.Name).SetTag("rpc.method", methodName);
        if (!service.Methods.TryGetValue(methodName, out var method))
        {
            End(response, false, GrpcStatusCode.Unimplemented, $"Method {service.Name}/{methodName} is not implemented.");
            return;
        }
        var encoding = request.Headers["grpc-encoding"].ToString();
        if (encoding is not ("" or "identity" or "gzip"))
        {
            End(response, false, GrpcStatusCode.Unimplemented, $"Message encoding {encoding} is not supported; use one of {AcceptEncoding}.");
            return;
        }
        var timeoutHeader = request.Headers["grpc-timeout"].ToString();
        TimeSpan? timeout = null;
        if (timeoutHeader.Length > 0)
        {
            if (!GrpcTimeout.TryParse(timeoutHeader, out var parsed))
            {
                End(response, false, GrpcStatusCode.Internal, $"Malformed grpc-timeout {timeoutHeader}.");
                return;
            }
            timeout = parsed;
        }

        var clock = http.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System;
        using var deadline = timeout is { } t ? new CancellationTokenSource(t, clock) : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, deadline.Token);
        var context = new GrpcCallContext(http, $"{service.Name}/{methodName}", linked.Token);
        var call = new GrpcCall(context, encoding.Length == 0 ? null : encoding, service.MaxReceiveMessageSize);
        var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Catalog.Grpc");
        try
        {
            if (service.Authenticate is { } authenticate && !authenticate(context))
                throw new GrpcException(GrpcStatusCode.Unauthenticated, "Missing or invalid credentials.");
            var instance = ActivatorUtilities.GetServiceOrCreateInstance<TService>(http.RequestServices);
            await method(instance, call);
            End(response, call.BodyStarted, GrpcStatusCode.Ok, null);
        }
        catch (Exception) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client cancelled or went away: nobody is left to read a status.
            Activity.Current?.SetTag("rpc.grpc.status_code", (int)GrpcStatusCode.Cancelled);
        }
        catch (Exception) when (deadline.IsCancellationRequested)
        {
            End(response, call.BodyStarted, GrpcStatusCode.DeadlineExceeded, "Deadline exceeded.");
        }
        catch (GrpcException e)
        {
            End(response, call.BodyStarted, e.Status, e.Message);
        }
        catch (Exception e) when (service.MapError(e) is { } mapped)
        {
            End(response, call.BodyStarted, mapped.Status, mapped.Message);
        }
        catch (Exception e)
        {
            logger.LogError(e, "gRPC call {Method} failed", context.Method);
            End(response, call.BodyStarted, GrpcStatusCode.Unknown, "Exception was thrown by handler.");
        }
    }

    private static void End(HttpResponse response, bool bodyStarted, GrpcStatusCode status, string? message)
    {
        Activity.Current?.SetTag("rpc.grpc.status_code", (int)status);
        GrpcStatusHeaders.Write(response, bodyStarted, status, message);
    }

    // application/grpc, application/grpc+proto; parameters after ';' are allowed.
    public static bool IsGrpcContentType(string? contentType)
    {
        if (contentType is null) return false;
        var mediaType = contentType.Split(';', 2)[0].Trim();
        return mediaType.Equals("application/grpc", StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals("application/grpc+proto", StringComparison.OrdinalIgnoreCase);
    }
}
