using System.Globalization;
using Contracts.Recordings;
using Ingest.Callbacks;
using Ingest.LiveStreams;
using Ingest.Senders.Shared;
using Ingest.Tencent;
using Microsoft.AspNetCore.Http;

namespace Ingest.Senders.Srs;

/// <summary>
/// SRS's <c>on_dvr</c> http hook: JSON with <c>action</c>, <c>client_id</c> (a string now, an integer in old versions),
/// <c>ip</c>, <c>vhost</c>, <c>app</c>, <c>stream</c>, <c>param</c>, <c>cwd</c>, <c>file</c> (often relative to <c>cwd</c>) and
/// <c>stream_url</c>, sent as each DVR file is reaped; SRS does not retry. It carries no times: a file starts at the
/// <c>[timestamp]</c> (Unix ms) of its name and ends when the callback arrives. SRS wants 200 with <c>0</c> or <c>{"code":0}</c>.
/// </summary>
public sealed class SrsSender : ISender
{
    public const string Name = "srs";

    private static readonly HashSet<string> Mapped = ["action", "app", "stream", "param", "cwd", "file"];

    private readonly SharedToken _token;
    private readonly RecordedFiles? _files;
    private readonly AnchorIds _anchors;

    public SrsSender(SenderSettings settings)
    {
        var options = settings.Bind<SrsOptions>(SrsOptions.Section);
        _token = new SharedToken("query parameter 'token'", options.Token, options.PreviousToken);
        _files = _token.Configured
            ? new RecordedFiles(SrsOptions.Section, new RecordedFileOptions { RecordRoot = options.RecordRoot, PublicUrlBase = options.PublicUrlBase })
            : null;
        _anchors = settings.AnchorsFor(SrsOptions.Section);
    }

    public string Provider => Name;

    public string? NotConfigured => _token.Configured ? null : "set Srs:Token, Srs:RecordRoot and Srs:PublicUrlBase";

    public bool ProofIsKept => false;

    public IReadOnlyCollection<string> SecretQueryParameters => ["token"];

    public Refusal? Authenticate(SenderRequest request, DateTimeOffset now, bool acceptExpired) => _token.Verify(request.QueryValue("token"));

    public SenderParse Parse(SenderRequest request) => JsonBody.Parse(request.Body, root =>
    {
        var f = new JsonFields(root);
        var action = f.Text("action") ?? "";
        var app = f.RequiredString("app");
        var stream = f.RequiredString("stream");
        if (f.Errors.Count > 0) return SenderParse.Refused(RefusalKind.InvalidField, string.Join("; ", f.Errors) + ".");
        var streamId = $"{app}/{stream}";
        var logStream = LiveStreamIds.For(Name, streamId);
        if (action != "on_dvr")
        {
            var other = new UnrecognisedCallbackReceived(streamId, Name, action, request.ReceivedAt, root.Clone());
            return SenderParse.Of(new LiveStreamCallback(Name, streamId, logStream,
                $"{Name}:{action}:{f.Text("client_id")}:{request.ReceivedAt.ToUnixTimeMilliseconds()}", other, request.ReceivedAt));
        }

        var path = f.RequiredString("file");
        if (f.Errors.Count > 0) return SenderParse.Refused(RefusalKind.InvalidField, string.Join("; ", f.Errors) + ".");
        var cwd = f.Text("cwd");
        if (!path.StartsWith('/') && string.IsNullOrEmpty(cwd))
            return SenderParse.Refused(RefusalKind.InvalidField, $"'file' {path} is relative and 'cwd' is missing: the file cannot be located.");
        if (_files!.Locate(path, cwd) is not { } located)
            return SenderParse.Refused(RefusalKind.InvalidField, $"'file' {path} (cwd {cwd}) is not under Srs:RecordRoot: its public URL is unknown.");
        var (relative, url) = located;

        var named = NameTime(path);
        var (start, end, note) = ArrivalTimes.Of(named, request.ReceivedAt, "[timestamp]");
        var fileId = ArrivalTimes.FileId(relative, named, request.ReceivedAt);
        var format = Path.GetExtension(path).TrimStart('.').ToLowerInvariant() is { Length: > 0 } ext ? ext : "flv";
        var param = f.Text("param")?.TrimStart('?');
        var details = new RecordingDetails(null, app, null, string.IsNullOrEmpty(param) ? null : param, null, null, null, null, null, f.Rest(Mapped));
        var file = new RecordingFileCreated(streamId, _anchors.For(stream), Name, fileId, format, url, 0, start, end,
            (end - start).TotalSeconds, note is not null, note, details);
        return SenderParse.Of(new LiveStreamCallback(Name, streamId, logStream, $"{Name}:on_dvr:{fileId}", file, request.ReceivedAt));
    });

    public IResult Acknowledge() => Results.Json(new { code = 0 });

    /// <summary>SRS's default DVR name is <c>{stream}.{[timestamp]}.{ext}</c>, the timestamp in Unix milliseconds.</summary>
    private static DateTimeOffset? NameTime(string path)
    {
        foreach (var part in Path.GetFileNameWithoutExtension(path).Split('.').Reverse())
            if (part.Length == 13 && long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
                return DateTimeOffset.FromUnixTimeMilliseconds(ms);
        return null;
    }
}
