using System.Security.Cryptography;
using System.Text.Json;
using Contracts.Recordings;
using Ingest.Callbacks;
using Ingest.LiveStreams;
using Ingest.Senders.Shared;
using Microsoft.AspNetCore.Http;

namespace Ingest.Senders.LiveKit;

/// <summary>
/// LiveKit webhooks (<c>application/webhook+json</c>): <c>{event, id, createdAt, egressInfo | room | participant ...}</c>.
/// <c>egress_ended</c> with files or HLS playlists becomes one file per output, all of the egress's program; a FAILED or
/// ABORTED egress is kept as a recording error, never a program. Other egress events are status reports; the rest are
/// kept as unrecognised. LiveKit wants any 2xx.
/// </summary>
public sealed class LiveKitSender : ISender
{
    private readonly LiveKitWebhookToken _token;
    private readonly LiveKitEgress _egress;

    public LiveKitSender(SenderSettings settings)
    {
        _token = new LiveKitWebhookToken(settings.Bind<LiveKitOptions>(LiveKitOptions.Section));
        _egress = new LiveKitEgress(settings.AnchorsFor(LiveKitOptions.Section));
    }

    public string Provider => LiveKitEgress.Provider;

    public string? NotConfigured => _token.Configured ? null : "set LiveKit:ApiKey and LiveKit:ApiSecret";

    // The token rides in Authorization, which quarantine never keeps: a replay trusts the check made on arrival.
    public bool ProofIsKept => false;

    public Refusal? Authenticate(SenderRequest request, DateTimeOffset now, bool acceptExpired) =>
        _token.Verify(request.Header("Authorization"), request.Body.Span, now, acceptExpired);

    public SenderParse Parse(SenderRequest request) => JsonBody.Parse(request, root =>
    {
        var @event = root.TryGetProperty("event", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString()! : "";
        // A webhook's id is LiveKit's own identity of the notification: a redelivery repeats it.
        var id = root.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString()!
            : Convert.ToHexStringLower(SHA256.HashData(request.Body.Span))[..32];
        if (@event.StartsWith("egress_", StringComparison.Ordinal) && root.TryGetProperty("egressInfo", out var info) && info.ValueKind == JsonValueKind.Object)
            return @event == "egress_ended"
                ? _egress.Ended(info, request.ReceivedAt)
                : _egress.Updated(info, $"{Provider}:{@event}:{id}", request.ReceivedAt);

        var room = root.TryGetProperty("room", out var r) && r.ValueKind == JsonValueKind.Object && r.TryGetProperty("name", out var n)
            && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
        var fact = new UnrecognisedCallbackReceived(room, Provider, @event, request.ReceivedAt, root.Clone());
        var key = $"{Provider}:{@event}:{id}";
        return SenderParse.Of(room is null
            ? new LiveStreamCallback(Provider, "", $"unrecognised:{Provider}", key, fact, request.ReceivedAt)
            : new LiveStreamCallback(Provider, room, LiveStreamIds.For(Provider, room), key, fact, request.ReceivedAt));
    });

    public IResult Acknowledge() => Results.Ok();
}
