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
public sealed class ZlMediaKitSender(SenderSettings settings) : RecordingServerSender(settings, "ZlMediaKit")
{
    public const string Name = "zlmediakit";

    private static readonly HashSet<string> Mapped = ["app", "stream", "params", "file_path", "file_size", "start_time", "time_len", "hook_index"];

    public override string Provider => Name;

    public override SenderParse Parse(SenderRequest request) => JsonBody.Parse(request, root =>
    {
        var f = new JsonFields(root);
        var app = f.RequiredString("app");
        var stream = f.RequiredString("stream");
        var path = f.RequiredString("file_path");
        var startTime = f.RequiredInteger("start_time");
        var length = f.Number("time_len");
        if (length is null or < 0) f.Errors.Add("'time_len' (the file's length in seconds, not negative) is required");
        if (f.Refusal is { } invalid) return SenderParse.Refused(invalid);
        if (Locate(path, null, "file_path", out var outside) is not var (relative, url)) return SenderParse.Refused(outside!);

        var streamId = $"{app}/{stream}";
        var start = DateTimeOffset.FromUnixTimeSeconds(startTime);
        var end = start.AddSeconds(length!.Value);
        var format = FormatOf(path, "mp4");
        var details = Details(app, f.Text("params"), f.Rest(Mapped));
        var file = new RecordingFileCreated(streamId, Anchors.For(stream), Name, relative, format, url, f.Integer("file_size") ?? 0,
            start, end, length.Value, false, null, details);
        return SenderParse.Of(new LiveStreamCallback(Name, streamId, LiveStreamIds.For(Name, streamId), $"{Name}:on_record_mp4:{relative}", file, request.ReceivedAt));
    });

    public override IResult Acknowledge() => ZlMediaKitAnswer.Success;
}
