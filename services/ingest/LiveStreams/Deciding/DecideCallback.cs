using Contracts.Recordings;

namespace Ingest.LiveStreams.Deciding;

/// <summary>How files are grouped into programs and why a file is a new piece.</summary>
public sealed record PlacementRules(TimeSpan MaxProgramGap, TimeSpan CutTolerance);

/// <summary>Decides the events of one callback from the state of its live stream. Pure: no clock, no I/O.</summary>
public static class DecideCallback
{
    public static IReadOnlyList<object> Decide(LiveStream state, LiveStreamCallback callback, PlacementRules rules)
    {
        if (state.SeenCallbacks.Contains(callback.IdempotencyKey)) return [];
        return callback.Fact switch
        {
            RecordingFileCreated file when state.FileIds.Contains(file.FileId) => [],
            RecordingFileCreated file => Place(state, callback, file, rules),
            var fact => [fact],
        };
    }

    /// <summary>
    /// A file with the sender's session id belongs to that session's program, whose id derives from the session.
    /// Without one, programs are the connected components of files closer than the maximum gap; a program's id derives
    /// from its earliest start. A file touching several programs (a bridge) or starting before one makes a program whose
    /// id is the earliest start's, and every touched program with another id merges into it.
    /// </summary>
    private static List<object> Place(LiveStream state, LiveStreamCallback callback, RecordingFileCreated file, PlacementRules rules)
    {
        List<LiveProgram> touched = [];
        Guid programId;
        if (file.SessionId is { } session)
        {
            programId = ProgramIds.ForSession(callback.Provider, file.StreamId, session);
            if (state.Programs.TryGetValue(programId, out var own)) touched.Add(own);
        }
        else
        {
            // Sessions are the sender's word on what a program is: files without one never join them.
            foreach (var (_, p) in state.Programs)
                if (p.SessionId is null && Distance(file.StartedAt, file.EndedAt, p.StartedAt, p.EndedAt) < rules.MaxProgramGap)
                    InsertByStart(touched, p);
            var start = touched.Count > 0 && touched[0].StartedAt < file.StartedAt ? touched[0].StartedAt : file.StartedAt;
            programId = ProgramIds.For(callback.Provider, file.StreamId, start);
        }

        // The file's place in its rendition (by start, then file id) in one pass, without sorting the program's files.
        var placed = new PlacedFile(file.FileId, file.Format, file.StartedAt, file.EndedAt);
        var (index, later, previous) = (0, false, (PlacedFile?)null);
        foreach (var program in touched)
            foreach (var f in program.Files)
            {
                if (f.Format != file.Format) continue;
                if (!SortsBefore(f, placed))
                {
                    later = true;
                    continue;
                }
                index++;
                if (previous is null || SortsBefore(previous, f)) previous = f;
            }
        var reason = Reason(placed, previous, later || touched.Count > 1, rules);

        List<object> events =
        [
            file,
            new StreamSegmented(file.StreamId, file.AnchorId, programId, file.Format, file.FileId, index,
                file.StartedAt, file.EndedAt, reason, file.SessionId),
        ];
        foreach (var program in touched)
            if (program.Id != programId)
                events.Add(new ProgramsMerged(file.StreamId, file.AnchorId, programId, program.Id, callback.ReceivedAt));
        return events;
    }

    /// <summary>Keeps the programs ordered by start; equal starts stay in the order they were found (a stable sort).</summary>
    private static void InsertByStart(List<LiveProgram> programs, LiveProgram program)
    {
        var at = programs.Count;
        while (at > 0 && programs[at - 1].StartedAt > program.StartedAt) at--;
        programs.Insert(at, program);
    }

    private static SegmentReason Reason(PlacedFile file, PlacedFile? previous, bool late, PlacementRules rules)
    {
        if (late) return SegmentReason.ArrivedLate;
        if (previous is null) return SegmentReason.ProgramStarted;
        var gap = file.StartedAt - previous.EndedAt;
        return gap <= rules.CutTolerance ? SegmentReason.IntervalCut : SegmentReason.PushInterrupted;
    }

    private static bool SortsBefore(PlacedFile a, PlacedFile b) =>
        a.StartedAt < b.StartedAt || (a.StartedAt == b.StartedAt && string.CompareOrdinal(a.FileId, b.FileId) < 0);

    /// <summary>The time between two intervals; zero when they overlap.</summary>
    private static TimeSpan Distance(DateTimeOffset aStart, DateTimeOffset aEnd, DateTimeOffset bStart, DateTimeOffset bEnd)
    {
        var later = aStart > bStart ? aStart : bStart;
        var earlier = aEnd < bEnd ? aEnd : bEnd;
        return later > earlier ? later - earlier : TimeSpan.Zero;
    }
}
