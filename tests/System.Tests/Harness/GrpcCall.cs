using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;

namespace SystemTests.Harness;

/// <summary>
/// gRPC calls over cleartext HTTP/2 with HttpClient (Grpc.Net.Client is not installable): each message with a 5-byte
/// length prefix, the status in the trailers.
/// </summary>
public static class GrpcCall
{
    public sealed record Reply(HttpStatusCode Status, string? ContentType, string? GrpcStatus, byte[] Message);

    public static async Task<Reply> UnaryAsync(Uri address, string method, byte[] message)
    {
        using var handler = new SocketsHttpHandler();
        using var client = new HttpClient(handler) { BaseAddress = address };
        using var request = Request(method, message);
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        var payload = body.Length >= 5 ? body[5..] : [];
        return new Reply(response.StatusCode, response.Content.Headers.ContentType?.MediaType, Status(response), payload);
    }

    /// <summary>
    /// A server-streaming call: each message as it arrives, until the call ends (an error status throws) or
    /// <paramref name="ct"/> is cancelled.
    /// </summary>
    public static async IAsyncEnumerable<byte[]> StreamAsync(Uri address, string method, byte[] message, [EnumeratorCancellation] CancellationToken ct)
    {
        using var handler = new SocketsHttpHandler();
        using var client = new HttpClient(handler) { BaseAddress = address, Timeout = Timeout.InfiniteTimeSpan };
        using var request = Request(method, message);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        var prefix = new byte[5];
        while (await body.ReadAtLeastAsync(prefix, prefix.Length, throwOnEndOfStream: false, ct) == prefix.Length)
        {
            var payload = new byte[BinaryPrimitives.ReadUInt32BigEndian(prefix.AsSpan(1))];
            await body.ReadExactlyAsync(payload, ct);
            yield return payload;
        }
        if (Status(response) is var status and not "0")
            throw new InvalidOperationException($"{method} ended with grpc-status {status}: {Header(response, "grpc-message")}");
    }

    private static HttpRequestMessage Request(string method, byte[] message)
    {
        var frame = new byte[5 + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)message.Length);
        message.CopyTo(frame, 5);
        var request = new HttpRequestMessage(HttpMethod.Post, method)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(frame),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        return request;
    }

    /// <summary>The call's status: in the trailers, or in the headers of an answer that is only an error.</summary>
    private static string? Status(HttpResponseMessage response) => Header(response, "grpc-status");

    private static string? Header(HttpResponseMessage response, string name) =>
        response.TrailingHeaders.TryGetValues(name, out var values) ? values.First()
        : response.Headers.TryGetValues(name, out var early) ? early.First() : null;

    /// <summary>A protobuf message with one string field (field 1): enough for <c>ListAnchorProgramsRequest.anchor_id</c>.</summary>
    public static byte[] StringField1(string value)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(value);
        if (bytes.Length > 127) throw new ArgumentException("Keep it short: one-byte length only.", nameof(value));
        return [0x0A, (byte)bytes.Length, .. bytes];
    }
}
