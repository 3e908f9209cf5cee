using Contracts.Recordings;

namespace Catalog.Tests;

/// <summary>Recording facts as ingest appends them, for one anchor's live stream.</summary>
public sealed class Recordings(string anchorId, string provider = "tencent")
{
    public static readonly DateTimeOffset T0 = new(2026, 2, 1, 20, 0, 0, TimeSpan.Zero);

    public string AnchorId { get; } = anchorId;
    public string StreamId => $"1400_{AnchorId}";
    public string LogStream => LiveStreamIds.For(provider, StreamId);

    public RecordingFileCreated File(string fileId, string format, DateTimeOffset start, DateTimeOffset end, bool inconsistent = false) =>
        new(StreamId, AnchorId, provider, fileId, format, $"https://cdn.example/{fileId}.{format}", 1_000_000 + fileId.Length,
            start, end, (end - start).TotalSeconds, inconsistent, inconsistent ? "end_time - start_time differs from duration" : null,
            new RecordingDetails(null, null, null, null, null, null, null, null, null, null));

    public StreamSegmented Segment(Guid programId, RecordingFileCreated file, int index = 0) =>
        new(StreamId, AnchorId, programId, file.Format, file.FileId, index, file.StartedAt, file.EndedAt, SegmentReason.IntervalCut);

    /// <summary>The file and its placement, as one append.</summary>
    public object[] Recorded(Guid programId, string fileId, string format, DateTimeOffset start, DateTimeOffset end, bool inconsistent = false)
    {
        var file = File(fileId, format, start, end, inconsistent);
        return [file, Segment(programId, file)];
    }

    public ScreenshotTaken Screenshot(string url, DateTimeOffset at) => new(StreamId, AnchorId, provider, url, null, 640, 360, at);

    public ProgramsMerged Merged(Guid survivor, Guid merged, DateTimeOffset at) => new(StreamId, AnchorId, survivor, merged, at);
}
