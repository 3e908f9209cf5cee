using System.Globalization;
using System.Text.Json;
using Contracts.Recordings;
using Ingest.Callbacks;
using Ingest.LiveStreams;
using Ingest.Senders.Shared;
using Ingest.Tencent;
using Microsoft.AspNetCore.Http;

namespace Ingest.Senders.Ivs;

/// <summary>
/// AWS IVS "IVS Recording State Change" events, delivered by an EventBridge API destination with an API key header.
/// <c>Recording End</c> is the recording: one HLS program per <c>recording_session_id</c> (several stream ids after a
/// reconnect), ending at the event's time less the reconnect window and lasting <c>recording_duration_ms</c>. Start is a
/// status report; Start Failure and End Failure are errors. Events may come late, twice, or End before Start.
/// </summary>
public sealed class IvsSender : ISender
{
    public const string Name = "ivs";

    private readonly IvsOptions _options;
    private readonly SharedToken _key;
    private readonly AnchorIds _anchors;

    public IvsSender(SenderSettings settings)
    {
        _options = settings.Bind<IvsOptions>(IvsOptions.Section);
        _key = new SharedToken($"header '{_options.HeaderName}'", _options.ApiKey, _options.PreviousApiKey);
        _anchors = settings.AnchorsFor(IvsOptions.Section);
    }

    public string Provider => Name;

    public string? NotConfigured => _key.Configured ? null : "set Ivs:ApiKey (and Ivs:HeaderName if the connection's key name is not x-api-key)";

    public bool ProofIsKept => false;

    public IReadOnlyCollection<string> SecretHeaders => [_options.HeaderName];

    public Refusal? Authenticate(SenderRequest request, DateTimeOffset now, bool acceptExpired) => _key.Verify(request.Header(_options.HeaderName));

    public SenderParse Parse(SenderRequest request) => JsonBody.Parse(request, root =>
    {
        var envelope = new JsonFields(root);
        var type = envelope.Text("detail-type") ?? "";
        var channel = Channel(root);
        var at = DateTimeOffset.TryParse(envelope.Text("time"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : request.ReceivedAt;
        if (channel is null || !root.TryGetProperty("detail", out var detail) || detail.ValueKind != JsonValueKind.Object)
            return SenderParse.Refused(RefusalKind.InvalidField, "'resources' (the channel ARN) and 'detail' (an object) are required.");
        var d = new JsonFields(detail);
        var anchor = _anchors.For(d.Text("channel_name") is { Length: > 0 } name ? name : channel);
        var status = d.Text("recording_status") ?? "";
        // Older events have no session id: the S3 prefix names the recording as uniquely.
        var session = d.Text("recording_session_id") ?? d.Text("recording_s3_key_prefix");
        if (type != "IVS Recording State Change" || session is null)
            return Single(channel, $"{Name}:{type}:{envelope.Text("id")}", new UnrecognisedCallbackReceived(channel, Name, type, request.ReceivedAt, root.Clone()), request);

        var key = $"{Name}:{session}:{status}";
        return status switch
        {
            "Recording End" => End(channel, anchor, session, at, d, detail, key, request),
            "Recording Start" => Single(channel, key, new RecordingStatusReported(channel, anchor, Name, at, root.Clone()), request),
            _ => Single(channel, key, new RecordingErrorReported(channel, anchor, Name, at, root.Clone()), request),
        };
    });

    public IResult Acknowledge() => Results.Ok();

    private SenderParse End(string channel, string anchor, string session, DateTimeOffset at, JsonFields d, JsonElement detail, string key, SenderRequest request)
    {
        var bucket = d.RequiredString("recording_s3_bucket_name");
        var prefix = d.RequiredString("recording_s3_key_prefix");
        var durationMs = d.RequiredInteger("recording_duration_ms");
        if (d.Refusal is { } invalid) return SenderParse.Refused(invalid);
        var end = at - _options.RecordingReconnectWindow;
        var start = end.AddMilliseconds(-durationMs);
        var root = _options.PublicUrlBase is { Length: > 0 } served ? served.TrimEnd('/') : $"s3://{bucket}";
        var file = new RecordingFileCreated(channel, anchor, Name, session, "hls", $"{root}/{prefix.Trim('/')}/media/hls/master.m3u8", 0,
            start, end, durationMs / 1000.0, false, null,
            new RecordingDetails(null, null, null, null, null, null, null, null, null, detail.Clone()), session);
        return Single(channel, key, file, request);
    }

    /// <summary>The channel id: the last part of the channel ARN in <c>resources</c>.</summary>
    private static string? Channel(JsonElement root) =>
        root.TryGetProperty("resources", out var resources) && resources.ValueKind == JsonValueKind.Array
            && resources.EnumerateArray().FirstOrDefault(r => r.ValueKind == JsonValueKind.String && r.GetString()!.Contains(":channel/")) is { ValueKind: JsonValueKind.String } arn
            ? arn.GetString()![(arn.GetString()!.LastIndexOf('/') + 1)..] is { Length: > 0 } id ? id : null
            : null;

    private static SenderParse Single(string channel, string key, object fact, SenderRequest request) =>
        SenderParse.Of(new LiveStreamCallback(Name, channel, LiveStreamIds.For(Name, channel), key, fact, request.ReceivedAt));
}
