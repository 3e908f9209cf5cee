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
public sealed class SrsSender(SenderSettings settings) : RecordingServerSender(settings, "Srs")
{
    public const string Name = "srs";

    private static readonly HashSet<string> Mapped = ["action", "app", "stream", "param", "cwd", "file"];

    public override string Provider => Name;

    public override SenderParse Parse(SenderRequest request) => JsonBody.Parse(request, root =>
    {
        var f = new JsonFields(root);
        var action = f.Text("action") ?? "";
        var app = f.RequiredString("app");
        var stream = f.RequiredString("stream");
        if (f.Refusal is { } invalid) return SenderParse.Refused(invalid);
        var streamId = $"{app}/{stream}";
        var logStream = LiveStreamIds.For(Name, streamId);
        if (action != "on_dvr")
        {
            var other = new UnrecognisedCallbackReceived(streamId, Name, action, request.ReceivedAt, root.Clone());
            return SenderParse.Of(new LiveStreamCallback(Name, streamId, logStream,
                $"{Name}:{action}:{f.Text("client_id")}:{request.ReceivedAt.ToUnixTimeMilliseconds()}", other, request.ReceivedAt));
        }

        var path = f.RequiredString("file");
        if (f.Refusal is { } badFile) return SenderParse.Refused(badFile);
        var cwd = f.Text("cwd");
        if (!path.StartsWith('/') && string.IsNullOrEmpty(cwd))
            return SenderParse.Refused(RefusalKind.InvalidField, $"'file' {path} is relative and 'cwd' is missing: the file cannot be located.");
        if (Locate(path, cwd, "file", out var outside) is not var (relative, url)) return SenderParse.Refused(outside!);

        var named = NameTime(path);
        var (start, end, note) = ArrivalTimes.Of(named, request.ReceivedAt, "[timestamp]");
        var fileId = ArrivalTimes.FileId(relative, named, request.ReceivedAt);
        var format = FormatOf(path, "flv");
        var details = Details(app, f.Text("param"), f.Rest(Mapped));
        var file = new RecordingFileCreated(streamId, Anchors.For(stream), Name, fileId, format, url, 0, start, end,
            (end - start).TotalSeconds, note is not null, note, details);
        return SenderParse.Of(new LiveStreamCallback(Name, streamId, logStream, $"{Name}:on_dvr:{fileId}", file, request.ReceivedAt));
    });

    public override IResult Acknowledge() => CodeAnswer.Success;

    /// <summary>SRS's default DVR name is <c>{stream}.{[timestamp]}.{ext}</c>, the timestamp in Unix milliseconds.</summary>
    private static DateTimeOffset? NameTime(string path)
    {
        foreach (var part in Path.GetFileNameWithoutExtension(path).Split('.').Reverse())
            if (part.Length == 13 && long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
                return DateTimeOffset.FromUnixTimeMilliseconds(ms);
        return null;
    }
}
