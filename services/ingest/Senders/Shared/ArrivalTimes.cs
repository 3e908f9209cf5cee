namespace Ingest.Senders.Shared;

/// <summary>
/// For servers that report a closed file without its times (nginx-rtmp, SRS): the file starts at the time written in
/// its name and ends when the callback arrives, since they call as they close it and do not retry.
/// </summary>
public static class ArrivalTimes
{
    public static (DateTimeOffset Start, DateTimeOffset End, string? Note) Of(DateTimeOffset? named, DateTimeOffset arrival, string nameTime) => named switch
    {
        { } start when start <= arrival => (start, arrival, null),
        { } start => (arrival, arrival, $"the file name's time {start:O} is after the callback's arrival"),
        null => (arrival, arrival, $"the file name has no {nameTime}: the file is dated by the callback's arrival"),
    };

    /// <summary>Without a time in its name the server reuses the path, so the arrival tells one recording from the next.</summary>
    public static string FileId(string relativePath, DateTimeOffset? named, DateTimeOffset arrival) =>
        named is null ? $"{relativePath}@{arrival.ToUnixTimeMilliseconds()}" : relativePath;
}
