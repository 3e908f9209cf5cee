using Ingest.Tencent;

namespace Ingest.Tests.LiveStreams;

public class RecordingTimesTests
{
    private static readonly TimeSpan MaxDuration = TimeSpan.FromHours(48);

    [Fact]
    public void TheFileStartsAtEndMinusDurationEvenWhenStartTimeIsTheTasksStart()
    {
        var times = RecordingTimes.Normalise(startTime: 1000, endTime: 5000, duration: 1800, null, null, MaxDuration);

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(3200), times.StartedAt);
        Assert.Null(times.Note);
    }

    [Fact]
    public void AStartTimeAfterTheEndTimeIsNormalisedAndFlagged()
    {
        var times = RecordingTimes.Normalise(startTime: 2000, endTime: 1900, duration: 100, null, null, MaxDuration);

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1800), times.StartedAt);
        Assert.Contains("after end_time", times.Note);
    }

    [Fact]
    public void WithoutADurationAnInvertedRangeBecomesAnInstantNeverAnError()
    {
        var times = RecordingTimes.Normalise(startTime: 2000, endTime: 1900, duration: null, null, null, MaxDuration);

        Assert.Equal(times.EndedAt, times.StartedAt);
        Assert.NotNull(times.Note);
    }

    [Fact]
    public void AnImplausibleDurationFallsBackToStartTime()
    {
        var times = RecordingTimes.Normalise(startTime: 1000, endTime: 2000, duration: 1e9, null, null, MaxDuration);

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1000), times.StartedAt);
        Assert.Contains("not plausible", times.Note);
    }
}
