using System.Globalization;

namespace Testing.Tencent;

/// <summary>A live recording as Tencent VOD's media library holds it: created (indexed) at <see cref="CreatedAt"/>.</summary>
public sealed record VodRecording(
    string FileId,
    string StreamId,
    string Format,
    DateTimeOffset RecordStart,
    DateTimeOffset RecordEnd,
    DateTimeOffset CreatedAt,
    long SizeBytes = 1000)
{
    public string Url => $"http://1250000000.vod2.myqcloud.com/{FileId}/f0.{(Format == "hls" ? "m3u8" : Format)}";

    /// <summary>The documented <c>MediaInfo</c> shape (only the parts asked for by <c>Filters</c>, all of them when none).</summary>
    public Dictionary<string, object?> MediaInfo(IReadOnlyCollection<string> filters)
    {
        var info = new Dictionary<string, object?> { ["FileId"] = FileId };
        if (filters.Count == 0 || filters.Contains("basicInfo")) info["BasicInfo"] = BasicInfo();
        if (filters.Count == 0 || filters.Contains("metaData"))
            info["MetaData"] = new Dictionary<string, object?>
            {
                ["Size"] = SizeBytes,
                ["Container"] = Format == "hls" ? "hls,applehttp" : Format,
                ["Bitrate"] = 2_000_000,
                ["Height"] = 1080,
                ["Width"] = 1920,
                ["Duration"] = (RecordEnd - RecordStart).TotalSeconds,
                ["Rotate"] = 0,
                ["VideoStreamSet"] = Array.Empty<object>(),
                ["AudioStreamSet"] = Array.Empty<object>(),
                ["VideoDuration"] = (RecordEnd - RecordStart).TotalSeconds,
                ["AudioDuration"] = (RecordEnd - RecordStart).TotalSeconds,
            };
        return info;
    }

    private Dictionary<string, object?> BasicInfo() => new()
    {
        ["Name"] = $"{StreamId}_{RecordStart:yyyy-MM-dd-HH-mm-ss}",
        ["Description"] = "",
        ["CreateTime"] = Iso(CreatedAt),
        ["UpdateTime"] = Iso(CreatedAt),
        ["ExpireTime"] = "9999-12-31T23:59:59Z",
        ["ClassId"] = 0,
        ["ClassName"] = "Other",
        ["ClassPath"] = "",
        ["CoverUrl"] = "",
        ["Type"] = Format == "hls" ? "m3u8" : Format,
        ["MediaUrl"] = Url,
        ["SourceInfo"] = new Dictionary<string, object?>
        {
            ["SourceType"] = "Record",
            ["SourceContext"] = "",
            ["LiveRecordInfo"] = new Dictionary<string, object?>
            {
                ["StreamId"] = StreamId,
                ["RecordStartTime"] = Iso(RecordStart),
                ["RecordEndTime"] = Iso(RecordEnd),
            },
        },
        ["StorageRegion"] = "ap-guangzhou",
        ["TagSet"] = Array.Empty<string>(),
        ["Vid"] = "",
        ["Category"] = "Video",
        ["Status"] = "Normal",
        ["StorageClass"] = "STANDARD",
    };

    public static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
