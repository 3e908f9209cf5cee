using Catalog.Programs.Moderating;
using Contracts.Recordings;

namespace Catalog.Programs;

/// <summary>A recording file as placed in a program: the segment's times, the file's own details.</summary>
public sealed record ProgramFile(
    string FileId,
    string Format,
    string Url,
    long SizeBytes,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    bool TimesInconsistent);

/// <summary>The latest screenshot within a program: its cover. A later one wins; at the same instant, the greater url.</summary>
public sealed record ProgramCover(DateTimeOffset TakenAt, string Url)
{
    public static ProgramCover? Latest(ProgramCover? a, ProgramCover? b) =>
        a is null ? b : b is null ? a : b.TakenAt > a.TakenAt || (b.TakenAt == a.TakenAt && string.CompareOrdinal(b.Url, a.Url) > 0) ? b : a;

    /// <summary>The database keeps microseconds; so does the cover, so comparisons agree wherever they are made.</summary>
    public static ProgramCover Of(DateTimeOffset takenAt, string url) =>
        new(new DateTimeOffset(takenAt.UtcTicks - takenAt.UtcTicks % 10, TimeSpan.Zero), url);
}

/// <summary>What the catalog knows about a recording file before ingest places it in a program.</summary>
public sealed record FileDetails(string Url, long SizeBytes, bool TimesInconsistent)
{
    public static FileDetails From(RecordingFileCreated e) => new(e.Url, e.SizeBytes, e.TimesInconsistent);
}

/// <summary>
/// The folded state of one program. <see cref="LogStream"/> is the log stream its facts came from (screenshots of
/// that stream are its cover candidates). Files are kept in one canonical order so equal states serialize equally.
/// </summary>
public sealed record ProgramState(
    Guid Id,
    string AnchorId,
    string StreamId,
    string LogStream,
    IReadOnlyList<ProgramFile> Files,
    IReadOnlyList<Guid> Absorbed,
    Guid? MergedInto,
    ProgramCover? Cover = null,
    ProgramHiding? Hidden = null)
{
    public static ProgramState New(Guid id, string anchorId, string streamId, string logStream) =>
        new(id, anchorId, streamId, logStream, [], [], null);

    public bool Holds(DateTimeOffset at) => HasFiles && MergedInto is null && StartedAt <= at && at <= EndedAt;

    /// <summary>A screenshot within the program becomes its cover if it is the latest so far.</summary>
    public ProgramState WithCover(ProgramCover? candidate) =>
        candidate is not null && Holds(candidate.TakenAt) && ProgramCover.Latest(Cover, candidate) != Cover ? this with { Cover = candidate } : this;

    public bool HasFiles => Files.Count > 0;
    public DateTimeOffset StartedAt => HasFiles ? Files.Min(f => f.StartedAt) : DateTimeOffset.UnixEpoch;
    public DateTimeOffset EndedAt => HasFiles ? Files.Max(f => f.EndedAt) : DateTimeOffset.UnixEpoch;

    /// <summary>A file placed in this program; a file seen again (same id) replaces its earlier placement.</summary>
    public static ProgramState Apply(ProgramState? current, StreamSegmented e, string logStream, FileDetails? details)
    {
        var state = current ?? New(e.ProgramId, e.AnchorId, e.StreamId, logStream);
        var file = new ProgramFile(e.FileId, e.Format, details?.Url ?? "", details?.SizeBytes ?? 0,
            e.StartedAt.ToUniversalTime(), e.EndedAt.ToUniversalTime(), details?.TimesInconsistent ?? false);
        return state with { Files = Canonical(state.Files.Where(f => f.FileId != e.FileId).Append(file)) };
    }

    /// <summary>The survivor takes the merged program's files (its own copy of a file wins); the merged one points to it.</summary>
    public static (ProgramState Survivor, ProgramState Merged) Apply(ProgramState? survivor, ProgramState? merged, ProgramsMerged e, string logStream)
    {
        var s = survivor ?? New(e.SurvivorId, e.AnchorId, e.StreamId, logStream);
        var m = merged ?? New(e.MergedId, e.AnchorId, e.StreamId, logStream);
        if (s.Absorbed.Contains(m.Id)) return (s, m with { MergedInto = s.Id, Files = [] });
        var own = s.Files.Select(f => f.FileId).ToHashSet(StringComparer.Ordinal);
        var files = Canonical(s.Files.Concat(m.Files.Where(f => !own.Contains(f.FileId))));
        var absorbed = s.Absorbed.Append(m.Id).Concat(m.Absorbed).Distinct().Order().ToArray();
        // Spans only grow and programs of a stream never overlap, so the merged one's cover is within the survivor.
        // A hidden program stays hidden inside the program that absorbs it.
        return (s with { Files = files, Absorbed = absorbed, Cover = ProgramCover.Latest(s.Cover, m.Cover), Hidden = s.Hidden ?? m.Hidden },
            m with { MergedInto = s.Id, Files = [], Cover = null });
    }

    /// <summary>Pure: an editor hid the program or restored it.</summary>
    public ProgramState Apply(object moderation) => this with { Hidden = ModerationDecisions.Evolve(Hidden, moderation) };

    private static ProgramFile[] Canonical(IEnumerable<ProgramFile> files) =>
        files.OrderBy(f => f.Format, StringComparer.Ordinal)
            .ThenBy(f => f.StartedAt)
            .ThenBy(f => f.EndedAt)
            .ThenBy(f => f.FileId, StringComparer.Ordinal)
            .ToArray();
}
