using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;

namespace SystemTests.Harness;

/// <summary>
/// One unary gRPC call over cleartext HTTP/2 with HttpClient (Grpc.Net.Client is not installable): a 5-byte
/// length prefix, the protobuf message, and the status in the trailers.
/// </summary>
public static class GrpcCall
{
    public sealed record Reply(HttpStatusCode Status, string? ContentType, string? GrpcStatus, byte[] Message);

    public static async Task<Reply> UnaryAsync(Uri address, string method, byte[] message)
    {
        using var handler = new SocketsHttpHandler();
        using var client = new HttpClient(handler) { BaseAddress = address };
        var frame = new byte[5 + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)message.Length);
        message.CopyTo(frame, 5);
        using var request = new HttpRequestMessage(HttpMethod.Post, method)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(frame),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        var status = response.TrailingHeaders.TryGetValues("grpc-status", out var values) ? values.First()
            : response.Headers.TryGetValues("grpc-status", out var early) ? early.First() : null;
        var payload = body.Length >= 5 ? body[5..] : [];
        return new Reply(response.StatusCode, response.Content.Headers.ContentType?.MediaType, status, payload);
    }

    /// <summary>A protobuf message with one string field (field 1): enough for <c>ListAnchorProgramsRequest.anchor_id</c>.</summary>
    public static byte[] StringField1(string value)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(value);
        if (bytes.Length > 127) throw new ArgumentException("Keep it short: one-byte length only.", nameof(value));
        return [0x0A, (byte)bytes.Length, .. bytes];
    }
}
