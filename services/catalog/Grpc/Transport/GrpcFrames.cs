using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Pipelines;
using Google.Protobuf;

namespace Catalog.Grpc.Transport;

/// <summary>
/// The gRPC message framing on an HTTP/2 body: a compressed flag byte, a 4-byte big-endian length, the protobuf bytes.
/// </summary>
public static class GrpcFrames
{
    private const int HeaderSize = 5;

    /// <summary>Reads the one request message of a unary or server-streaming call, to the end of the request body.</summary>
    public static async Task<T> ReadSingleAsync<T>(PipeReader reader, MessageParser<T> parser, string? encoding, int maxSize, CancellationToken ct)
        where T : IMessage<T>
    {
        T? message = default;
        var count = 0;
        await foreach (var each in ReadAllAsync(reader, parser, encoding, maxSize, ct))
        {
            if (++count > 1) throw new GrpcException(GrpcStatusCode.Internal, "More than one request message in a call that takes one.");
            message = each;
        }
        return count == 1 ? message! : throw new GrpcException(GrpcStatusCode.Internal, "No request message.");
    }

    /// <summary>Reads request messages as they arrive, until the client half-closes the request body.</summary>
    public static async IAsyncEnumerable<T> ReadAllAsync<T>(PipeReader reader, MessageParser<T> parser, string? encoding, int maxSize,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
        where T : IMessage<T>
    {
        while (true)
        {
            var result = await reader.ReadAsync(ct);
            var buffer = result.Buffer;
            var messages = new List<T>();
            try
            {
                while (TryReadFrame(ref buffer, maxSize, out var compressed, out var payload))
                    messages.Add(Parse(parser, payload, compressed, encoding, maxSize));
                if (result.IsCompleted && !buffer.IsEmpty)
                    throw new GrpcException(GrpcStatusCode.Internal, "The request ended inside a message.");
            }
            finally
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
            }
            // Yielded after AdvanceTo: the pipe's buffer must not be held while the handler works on a message.
            foreach (var message in messages) yield return message;
            if (result.IsCompleted) yield break;
        }
    }

    /// <summary>Writes one uncompressed message frame; the caller flushes.</summary>
    public static void Write(IBufferWriter<byte> writer, IMessage message)
    {
        var size = message.CalculateSize();
        var span = writer.GetSpan(HeaderSize + size);
        span[0] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(span[1..HeaderSize], (uint)size);
        message.WriteTo(span.Slice(HeaderSize, size));
        writer.Advance(HeaderSize + size);
    }

    private static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, int maxSize, out bool compressed, out ReadOnlySequence<byte> payload)
    {
        compressed = false;
        payload = default;
        if (buffer.Length < HeaderSize) return false;
        Span<byte> header = stackalloc byte[HeaderSize];
        buffer.Slice(0, HeaderSize).CopyTo(header);
        compressed = header[0] switch
        {
            0 => false,
            1 => true,
            _ => throw new GrpcException(GrpcStatusCode.Internal, $"Invalid compressed flag {header[0]}."),
        };
        var length = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        if (length > maxSize)
            throw new GrpcException(GrpcStatusCode.ResourceExhausted, $"Request message of {length} bytes is larger than the limit of {maxSize}.");
        if (buffer.Length < HeaderSize + length) return false;
        payload = buffer.Slice(HeaderSize, length);
        buffer = buffer.Slice(payload.End);
        return true;
    }

    private static T Parse<T>(MessageParser<T> parser, ReadOnlySequence<byte> payload, bool compressed, string? encoding, int maxSize)
        where T : IMessage<T>
    {
        if (compressed)
        {
            if (encoding != "gzip")
                throw new GrpcException(GrpcStatusCode.Internal, "A compressed message arrived without a supported grpc-encoding.");
            payload = new ReadOnlySequence<byte>(Gunzip(payload, maxSize));
        }
        try
        {
            return parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new GrpcException(GrpcStatusCode.Internal, $"The request message could not be parsed: {e.Message}");
        }
    }

    private static byte[] Gunzip(ReadOnlySequence<byte> payload, int maxSize)
    {
        using var input = new MemoryStream(payload.ToArray());
        using var gzip = new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        try
        {
            while ((read = gzip.Read(chunk)) > 0)
            {
                // Checked while inflating, so a small bomb cannot fill memory.
                if (output.Length + read > maxSize)
                    throw new GrpcException(GrpcStatusCode.ResourceExhausted, $"Decompressed request message is larger than the limit of {maxSize}.");
                output.Write(chunk, 0, read);
            }
        }
        catch (InvalidDataException)
        {
            throw new GrpcException(GrpcStatusCode.Internal, "The compressed request message is not valid gzip.");
        }
        return output.ToArray();
    }
}
