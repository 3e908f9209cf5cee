using System.Text.Json;
using Contracts.Recordings;
using Ingest.Callbacks;
using Ingest.LiveStreams;
using Ingest.Senders.Shared;
using Microsoft.AspNetCore.Http;

namespace Ingest.Senders.Mux;

/// <summary>
/// Mux webhooks: <c>{type, id, object, data, created_at, ...}</c> signed with <c>Mux-Signature</c>.
/// <c>video.asset.live_stream_completed</c> is the recording (one program per asset); <c>video.asset.ready</c> of a live
/// asset and <c>video.live_stream.*</c> are status reports; the rest is kept as unrecognised. Mux may deliver an event
/// again even after a 2xx: the asset, not the delivery, is the identity.
/// </summary>
public sealed class MuxSender : ISender
{
    private readonly MuxSignature _signature;
    private readonly MuxAsset _asset;
    private readonly LiveStreams.AnchorIds _anchors;

    public MuxSender(SenderSettings settings)
    {
        var options = settings.Bind<MuxOptions>(MuxOptions.Section);
        _signature = new MuxSignature(options);
        _anchors = settings.AnchorsFor(MuxOptions.Section);
        _asset = new MuxAsset(_anchors, options.PlaybackUrlBase);
    }

    public string Provider => MuxAsset.Provider;

    public string? NotConfigured => _signature.Configured ? null : "set Mux:WebhookSecret";

    // The signature header is kept with a quarantined callback: a replay checks it again.
    public bool ProofIsKept => true;

    public Refusal? Authenticate(SenderRequest request, DateTimeOffset now, bool acceptExpired) =>
        _signature.Verify(request.Header(MuxSignature.Header), request.Body.Span, now, acceptExpired);

    public SenderParse Parse(SenderRequest request) => JsonBody.Parse(request, root =>
    {
        var type = root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "";
        var data = root.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object ? d : default;
        var dataId = data.ValueKind == JsonValueKind.Object && data.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString() : null;
        var liveStreamId = data.ValueKind == JsonValueKind.Object && data.TryGetProperty("live_stream_id", out var l) && l.ValueKind == JsonValueKind.String ? l.GetString() : null;
        if (type == "video.asset.live_stream_completed")
            return data.ValueKind == JsonValueKind.Object
                ? _asset.Completed(data, request.ReceivedAt)
                : SenderParse.Refused(RefusalKind.InvalidField, "'data' (the asset) is required.");

        var streamId = type.StartsWith("video.live_stream.", StringComparison.Ordinal) ? dataId : liveStreamId;
        // Mux's event id is the notification's identity: a redelivery repeats it.
        var eventId = root.TryGetProperty("id", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString()
            : Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(request.Body.Span))[..32];
        var key = $"{Provider}:{type}:{eventId}";
        if (streamId is not null && (type.StartsWith("video.live_stream.", StringComparison.Ordinal) || type == "video.asset.ready"))
            return SenderParse.Of(new LiveStreamCallback(Provider, streamId, LiveStreamIds.For(Provider, streamId), key,
                new RecordingStatusReported(streamId, _anchors.For(streamId), Provider, request.ReceivedAt, root.Clone()), request.ReceivedAt));
        var fact = new UnrecognisedCallbackReceived(streamId, Provider, type, request.ReceivedAt, root.Clone());
        return SenderParse.Of(streamId is null
            ? new LiveStreamCallback(Provider, "", $"unrecognised:{Provider}", key, fact, request.ReceivedAt)
            : new LiveStreamCallback(Provider, streamId, LiveStreamIds.For(Provider, streamId), key, fact, request.ReceivedAt));
    });

    public IResult Acknowledge() => Results.Ok();
}
