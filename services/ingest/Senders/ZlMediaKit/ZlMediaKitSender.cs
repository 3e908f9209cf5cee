using Contracts.Recordings;
using Ingest.Callbacks;
using Ingest.LiveStreams;
using Ingest.Senders.Shared;
using Ingest.Tencent;
using Microsoft.AspNetCore.Http;

namespace Ingest.Senders.ZlMediaKit;

/// <summary>
/// ZLMediaKit's <c>on_record_mp4</c> hook: JSON with <c>start_time</c> (Unix s), <c>time_len</c> (s, fractional),
/// <c>file_size</c>, <c>file_path</c>, <c>file_name</c>, <c>folder</c>, <c>url</c> (relative to its http root),
/// <c>vhost</c>, <c>app</c>, <c>stream</c>, <c>params</c>, <c>mediaServerId</c>. A retry carries a new <c>hook_index</c>,
/// so the file, never the hook, is the callback's identity. It wants <c>{"code":0}</c>; another code means failure.
/// </summary>
public sealed class ZlMediaKitSender : ISender
{
    public const string Name = "zlmediakit";

    private static readonly HashSet<string> Mapped = ["app", "stream", "params", "file_path", "file_size", "start_time", "time_len", "hook_index"];

    private readonly SharedToken _token;
    private readonly RecordedFiles? _files;
    private readonly AnchorIds _anchors;

    public ZlMediaKitSender(SenderSettings settings)
    {
        var options = settings.Bind<ZlMediaKitOptions>(ZlMediaKitOptions.Section);
        _token = new SharedToken("query parameter 'token'", options.Token, options.PreviousToken);
        _files = _token.Configured
            ? new RecordedFiles(ZlMediaKitOptions.Section, new RecordedFileOptions { RecordRoot = options.RecordRoot, PublicUrlBase = options.PublicUrlBase })
            : null;
        _anchors = settings.AnchorsFor(ZlMediaKitOptions.Section);
    }

    public string Provider => Name;

    public string? NotConfigured => _token.Configured ? null : "set ZlMediaKit:Token, ZlMediaKit:RecordRoot and ZlMediaKit:PublicUrlBase";

    public bool ProofIsKept => false;

    public IReadOnlyCollection<string> SecretQueryParameters => ["token"];

    public Refusal? Authenticate(SenderRequest request, DateTimeOffset now, bool acceptExpired) => _token.Verify(request.QueryValue("token"));

    public SenderParse Parse(SenderRequest request) => JsonBody.Parse(request.Body, root =>
    {
        var f = new JsonFields(root);
        var app = f.RequiredString("app");
        var stream = f.RequiredString("stream");
        var path = f.RequiredString("file_path");
        var startTime = f.RequiredInteger("start_time");
        var length = f.Number("time_len");
        if (length is null or < 0) f.Errors.Add("'time_len' (the file's length in seconds, not negative) is required");
        if (f.Errors.Count > 0) return SenderParse.Refused(RefusalKind.InvalidField, string.Join("; ", f.Errors) + ".");
        if (_files!.Locate(path) is not { } located)
            return SenderParse.Refused(RefusalKind.InvalidField, $"'file_path' {path} is not under ZlMediaKit:RecordRoot: its public URL is unknown.");
        var (relative, url) = located;

        var streamId = $"{app}/{stream}";
        var start = DateTimeOffset.FromUnixTimeSeconds(startTime);
        var end = start.AddSeconds(length!.Value);
        var format = Path.GetExtension(path).TrimStart('.').ToLowerInvariant() is { Length: > 0 } ext ? ext : "mp4";
        var param = f.Text("params")?.TrimStart('?');
        var details = new RecordingDetails(null, app, null, string.IsNullOrEmpty(param) ? null : param, null, null, null, null, null, f.Rest(Mapped));
        var file = new RecordingFileCreated(streamId, _anchors.For(stream), Name, relative, format, url, f.Integer("file_size") ?? 0,
            start, end, length.Value, false, null, details);
        return SenderParse.Of(new LiveStreamCallback(Name, streamId, LiveStreamIds.For(Name, streamId), $"{Name}:on_record_mp4:{relative}", file, request.ReceivedAt));
    });

    public IResult Acknowledge() => Results.Json(new { code = 0, msg = "success" });
}
