using Ingest.Callbacks;
using Ingest.Callbacks.Checking;
using Ingest.LiveStreams;

namespace Ingest.Tencent;

/// <summary>A Tencent callback body read into the fact it reports: JSON, then signature, then fields. No I/O, never throws.</summary>
public sealed class TencentCallbackReader(TencentSignature signature, TencentCallbackParser parser)
{
    /// <summary>The callback, or why it is refused; <paramref name="now"/> judges the signature's expiry.</summary>
    public (LiveStreamCallback? Callback, Refusal? Refusal) Read(ReadOnlyMemory<byte> body, ReplayWaivers waivers, DateTimeOffset now)
    {
        var (document, malformed) = JsonBody.Parse(body);
        if (malformed is not null) return (null, malformed);
        using (document)
        {
            var root = document!.RootElement;
            if (!waivers.SkipSignature && signature.Verify(root, now, waivers.AcceptExpired) is { } bad) return (null, bad);
            return parser.Parse(root, now);
        }
    }
}
