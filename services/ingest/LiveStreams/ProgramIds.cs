using System.Security.Cryptography;
using System.Text;

namespace Ingest.LiveStreams;

/// <summary>
/// A program's id is a name-based UUID (RFC 9562 v5) of its stream and its earliest file's start, or of the sender's
/// recording session when it has one, so every arrival order of the same files ends with the same ids.
/// </summary>
public static class ProgramIds
{
    private static readonly Guid Namespace = new("5d3c8f7e-2b61-4f0a-9e57-1c2a7b9d4e10");

    public static Guid For(string provider, string streamId, DateTimeOffset earliestStart) =>
        FromName($"{provider}\n{streamId}\n{earliestStart.ToUnixTimeMilliseconds()}");

    // "session" cannot be a start time, so the two kinds of names never collide.
    public static Guid ForSession(string provider, string streamId, string sessionId) =>
        FromName($"{provider}\n{streamId}\nsession\n{sessionId}");

    private static Guid FromName(string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        Span<byte> input = length <= 496 ? stackalloc byte[16 + length] : new byte[16 + length];
        Namespace.TryWriteBytes(input, bigEndian: true, out _);
        Encoding.UTF8.GetBytes(text, input[16..]);
        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(input, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}
