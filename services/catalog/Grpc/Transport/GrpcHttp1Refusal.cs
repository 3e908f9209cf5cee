using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Catalog.Grpc.Transport;

/// <summary>
/// On the HTTP/2-only gRPC port, Kestrel answers an HTTP/1.x request with an empty 400 before any middleware runs. This
/// connection middleware looks at the connection's first bytes instead: the HTTP/2 preface goes on to Kestrel, anything
/// else gets a problem document saying the port speaks gRPC over HTTP/2.
/// </summary>
public static class GrpcHttp1Refusal
{
    // Every HTTP/2 connection opens with "PRI * HTTP/2.0"; no HTTP/1.x method starts with "PRI".
    private static readonly byte[] PrefaceStart = "PRI"u8.ToArray();
    private static readonly TimeSpan FirstBytesWait = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan DrainWait = TimeSpan.FromSeconds(2);
    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public static ListenOptions RefuseHttp1(this ListenOptions listen)
    {
        listen.Use(next => async connection =>
        {
            if (await StartsLikeHttp1Async(connection)) await RefuseAsync(connection);
            else await next(connection);
        });
        return listen;
    }

    private static async Task<bool> StartsLikeHttp1Async(ConnectionContext connection)
    {
        var input = connection.Transport.Input;
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed);
        wait.CancelAfter(FirstBytesWait);
        ReadResult result;
        try
        {
            result = await input.ReadAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            // A silent client is Kestrel's to time out.
            return false;
        }
        var first = result.Buffer.Slice(0, Math.Min(result.Buffer.Length, PrefaceStart.Length)).ToArray();
        // Nothing consumed or examined: Kestrel's HTTP/2 reader gets the same bytes at once.
        input.AdvanceTo(result.Buffer.Start);
        return first.Length > 0 && !PrefaceStart.AsSpan().StartsWith(first);
    }

    private static async Task RefuseAsync(ConnectionContext connection)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new ProblemDetails
        {
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.22",
            Title = "This port speaks gRPC over HTTP/2.",
            Status = StatusCodes.Status426UpgradeRequired,
            Detail = "Call it with a gRPC client (HTTP/2 with prior knowledge, content-type application/grpc). The REST API is on the other port of the catalog.",
        }, Json);
        var head = "HTTP/1.1 426 Upgrade Required\r\nUpgrade: h2c\r\nConnection: close\r\n" +
                   $"Content-Type: application/problem+json\r\nContent-Length: {body.Length}\r\n\r\n";
        var output = connection.Transport.Output;
        await output.WriteAsync(Encoding.ASCII.GetBytes(head));
        await output.WriteAsync(body);
        await output.CompleteAsync();
        // Read what the client still sends until it closes, so that closing does not reset the connection under the answer.
        using var drain = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed);
        drain.CancelAfter(DrainWait);
        var input = connection.Transport.Input;
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(drain.Token);
                input.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted) break;
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
