using System.Text.Json;
using Contracts.Recordings;
using Ingest.LiveStreams;
using Ingest.LiveStreams.Deciding;

namespace Ingest.Tests.LiveStreams;

/// <summary>Builds recording callbacks and folds decisions, as the committer does, without a database.</summary>
public static class Given
{
    public const string StreamName = "1400_anchor";
    public static readonly DateTimeOffset T0 = new(2026, 11, 20, 20, 0, 0, TimeSpan.Zero);
    public static readonly PlacementRules Rules = new(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(5));

    public static LiveStreamCallback File(string fileId, string format, double startMinutes, double endMinutes, string stream = StreamName, string? session = null)
    {
        // Whole seconds, as Tencent's times are.
        var start = T0.AddSeconds(Math.Round(startMinutes * 60));
        var end = T0.AddSeconds(Math.Round(endMinutes * 60));
        var fact = new RecordingFileCreated(stream, "anchor", "tencent", fileId, format, $"http://vod/{fileId}", 1, start, end,
            (end - start).TotalSeconds, false, null, new RecordingDetails(null, null, null, null, null, null, null, null, null, null), session);
        return new LiveStreamCallback("tencent", stream, LiveStreamIds.For("tencent", stream), $"tencent:100:{fileId}", fact, T0.AddDays(1));
    }

    public static Guid ProgramStartingAt(double startMinutes, string stream = StreamName) => ProgramIds.For("tencent", stream, T0.AddSeconds(Math.Round(startMinutes * 60)));

    /// <summary>Decides and folds each callback in turn; returns the final state and every event decided.</summary>
    public static (LiveStream State, List<object> Events) Fold(IEnumerable<LiveStreamCallback> callbacks, LiveStream? from = null)
    {
        var state = from ?? LiveStream.Empty;
        var all = new List<object>();
        foreach (var callback in callbacks)
        {
            var events = DecideCallback.Decide(state, callback, Rules);
            state = state.Evolve(callback.IdempotencyKey, events);
            all.AddRange(events);
        }
        return (state, all);
    }

    /// <summary>The Tencent callback that reports a recording file, signed.</summary>
    public static string SignedBody(LiveStreamCallback callback)
    {
        var f = (RecordingFileCreated)callback.Fact;
        return IngestHost.Signed(TencentPayloads.Recording(f.StreamId, f.FileId, f.Format, f.StartedAt.ToUnixTimeSeconds(), f.EndedAt.ToUnixTimeSeconds()));
    }

    /// <summary>Programs in a comparable form: id, then each rendition's file ids in order.</summary>
    public static string Describe(LiveStream state) => JsonSerializer.Serialize(
        state.Programs.Values.OrderBy(p => p.StartedAt).Select(p => new
        {
            p.Id,
            p.StartedAt,
            p.EndedAt,
            Renditions = p.Formats().ToDictionary(f => f, f => p.Rendition(f).Select(x => x.FileId).ToList()),
        }));
}
