using Ingest.Callbacks.Accepting;
using Ingest.Callbacks.Checking;
using Ingest.LiveStreams;
using Ingest.Tencent;
using Microsoft.Extensions.Logging;

namespace Ingest.Callbacks;

/// <summary>Read (JSON, signature, fields) and accept one Tencent callback: the same path for live callbacks and replays.</summary>
public sealed partial class TencentCallbackPipeline(
    TencentSignature signature,
    TencentCallbackParser parser,
    AcceptCallback accept,
    TimeProvider clock,
    ILogger<TencentCallbackPipeline> logger)
{
    public async Task<CallbackResult> HandleAsync(ReadOnlyMemory<byte> body, ReplayWaivers waivers, CancellationToken ct)
    {
        using var activity = IngestTelemetry.ActivitySource.StartActivity("ingest callback");
        activity?.SetTag("ingest.provider", TencentCallbackParser.Provider);
        try
        {
            var (callback, refusal) = Read(body, waivers, clock.GetUtcNow());
            if (callback is null) return CallbackResult.Refused(refusal!);
            activity?.SetTag("ingest.stream", callback.LogStreamId);
            return await accept.CommitAsync(callback, ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            // A bug or data no check foresaw: this callback alone is refused (500) and kept, never lost.
            LogFailed(logger, ex);
            return CallbackResult.Refused(Refusal.Internal(ex));
        }
    }

    /// <summary>The callback a body reports, or why it is refused. No I/O; <paramref name="now"/> judges the signature's expiry.</summary>
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

    [LoggerMessage(LogLevel.Error, "A Tencent callback failed unexpectedly; it is refused with 500 and quarantined")]
    private static partial void LogFailed(ILogger logger, Exception ex);
}
