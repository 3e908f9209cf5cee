namespace Ingest.Tencent;

/// <summary>A file's normalised time range, and a note when the sender's times disagreed.</summary>
public sealed record RecordingTimes(DateTimeOffset StartedAt, DateTimeOffset EndedAt, string? Note)
{
    public double DurationSeconds => (EndedAt - StartedAt).TotalSeconds;

    /// <summary>
    /// The file's start is <c>end_time - duration</c> (Tencent's <c>start_time</c> may be the recording task's
    /// start); <c>start_time</c> is the fallback when <c>duration</c> is missing or implausible. Never throws.
    /// </summary>
    public static RecordingTimes Normalise(long? startTime, long endTime, double? duration, long? startUsec, long? endUsec, TimeSpan maxDuration)
    {
        var end = DateTimeOffset.FromUnixTimeSeconds(endTime).AddTicks(Micro(endUsec));
        DateTimeOffset? taskStart = startTime is { } s ? DateTimeOffset.FromUnixTimeSeconds(s).AddTicks(Micro(startUsec)) : null;
        var notes = new List<string>();
        if (taskStart > end) notes.Add($"start_time ({startTime}) is after end_time ({endTime})");

        DateTimeOffset start;
        if (duration is > 0 and var d && d <= maxDuration.TotalSeconds)
        {
            start = end - TimeSpan.FromSeconds(d);
            if (taskStart is { } t && t <= end && start < t - TimeSpan.FromSeconds(1))
                notes.Add($"end_time - duration ({d} s) starts before start_time ({startTime})");
        }
        else
        {
            notes.Add(duration is null ? "duration is missing" : $"duration ({duration}) is not plausible");
            start = taskStart is { } t && t <= end ? t : end;
            if (start == end) notes.Add("no usable start: the file is taken as instantaneous");
        }
        return new RecordingTimes(start, end, notes.Count == 0 ? null : string.Join("; ", notes));
    }

    private static long Micro(long? usec) => usec is > 0 and < 1_000_000 ? usec.Value * 10 : 0;
}
