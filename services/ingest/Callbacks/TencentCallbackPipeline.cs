using Ingest.Callbacks.Accepting;
using Ingest.Tencent;
using Microsoft.Extensions.Logging;

namespace Ingest.Callbacks;

/// <summary>Read and accept one Tencent callback: the same path for live callbacks and replays.</summary>
public sealed partial class TencentCallbackPipeline(
    TencentCallbackReader reader,
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
            var (callback, refusal) = reader.Read(body, waivers, clock.GetUtcNow());
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

    [LoggerMessage(LogLevel.Error, "A Tencent callback failed unexpectedly; it is refused with 500 and quarantined")]
    private static partial void LogFailed(ILogger logger, Exception ex);
}
