using System.Globalization;
using System.Text.Json;
using Contracts.Recordings;
using Ingest.Callbacks;
using Ingest.LiveStreams;
using Ingest.Senders.Shared;
using Microsoft.AspNetCore.Http;

namespace Ingest.Senders.NginxRtmp;

/// <summary>
/// nginx-rtmp's <c>on_record_done</c>: a form-encoded POST per finished file (one per <c>record_interval</c> chunk) with
/// <c>call=record_done</c>, <c>app</c>, <c>name</c>, <c>path</c>, <c>recorder</c>, the client's fields and the publish
/// arguments. It carries no times: a file starts at the <c>record_unique</c> suffix of its name (Unix seconds) and ends
/// when the callback arrives (nginx calls as it closes the file, and never retries). No session: programs by time gap.
/// </summary>
public sealed class NginxRtmpSender(SenderSettings settings) : RecordingServerSender(settings, "NginxRtmp")
{
    public const string Name = "nginx-rtmp";

    private static readonly HashSet<string> ClientFields = ["flashver", "swfurl", "tcurl", "pageurl", "addr", "clientid", "recorder"];
    private static readonly HashSet<string> MappedFields = ["app", "call", "name", "path", .. ClientFields];

    public override string Provider => Name;

    public override SenderParse Parse(SenderRequest request)
    {
        var form = request.Form();
        var call = form.GetValueOrDefault("call") ?? "";
        var name = form.GetValueOrDefault("name") ?? "";
        var app = form.GetValueOrDefault("app") ?? "";
        if (name.Length == 0) return SenderParse.Refused(RefusalKind.InvalidField, "'name' (the stream name) is required.");
        var streamId = app.Length > 0 ? $"{app}/{name}" : name;
        var logStream = LiveStreamIds.For(Name, streamId);
        if (call != "record_done")
        {
            var payload = JsonSerializer.SerializeToElement(form);
            var fact = new UnrecognisedCallbackReceived(streamId, Name, call, request.ReceivedAt, payload);
            return SenderParse.Of(new LiveStreamCallback(Name, streamId, logStream,
                $"{Name}:{call}:{streamId}:{form.GetValueOrDefault("clientid")}:{request.ReceivedAt.ToUnixTimeMilliseconds()}", fact, request.ReceivedAt));
        }

        var path = form.GetValueOrDefault("path") ?? "";
        if (path.Length == 0) return SenderParse.Refused(RefusalKind.InvalidField, "'path' (the recorded file) is required.");
        if (Locate(path, null, "path", out var outside) is not var (relative, url)) return SenderParse.Refused(outside!);

        var named = UniqueSuffixTime(path);
        var (start, end, note) = ArrivalTimes.Of(named, request.ReceivedAt, "record_unique time");
        var fileId = ArrivalTimes.FileId(relative, named, request.ReceivedAt);
        var recorder = form.GetValueOrDefault("recorder") ?? "";
        var extension = FormatOf(path, "flv");
        var format = recorder.Length > 0 ? $"{extension}-{recorder}" : extension;

        var publishArgs = form.Where(f => !MappedFields.Contains(f.Key)).ToList();
        var details = Details(app, QueryString.Create(publishArgs!).Value,
            JsonSerializer.SerializeToElement(form.Where(f => ClientFields.Contains(f.Key)).ToDictionary(f => f.Key, f => f.Value)));
        var file = new RecordingFileCreated(streamId, Anchors.For(name), Name, fileId, format, url, 0, start, end,
            (end - start).TotalSeconds, note is not null, note, details);
        return SenderParse.Of(new LiveStreamCallback(Name, streamId, logStream, $"{Name}:record_done:{fileId}", file, request.ReceivedAt));
    }

    public override IResult Acknowledge() => Results.Ok();

    /// <summary><c>record_unique on</c> names a file <c>{name}-{unix seconds}{suffix}</c>.</summary>
    private static DateTimeOffset? UniqueSuffixTime(string path)
    {
        var stem = Path.GetFileNameWithoutExtension(path);
        var dash = stem.LastIndexOf('-');
        return dash >= 0 && stem.Length - dash - 1 is >= 9 and <= 11
            && long.TryParse(stem.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
    }
}
