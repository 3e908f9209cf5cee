using System.Text.Json.Serialization;

namespace Catalog.Programs;

/// <summary>A program as the API answers it.</summary>
public sealed record ProgramView(
    Guid Id,
    string AnchorId,
    string StreamId,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    double DurationSeconds,
    IReadOnlyList<RenditionView> Renditions,
    IReadOnlyList<GapView> Gaps,
    string? CoverUrl,
    ProgramFlags Flags,
    IReadOnlyList<Guid> MergedFrom,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Guid? MergedInto = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ProgramHiding? Hidden = null);

public sealed record RenditionView(string Format, double DurationSeconds, IReadOnlyList<FileView> Files);

public sealed record FileView(int Index, string FileId, string Url, long SizeBytes, DateTimeOffset StartedAt, DateTimeOffset EndedAt);

public sealed record GapView(DateTimeOffset StartedAt, DateTimeOffset EndedAt);

/// <param name="Short">Shorter than the configured threshold (kept and marked, never dropped).</param>
/// <param name="InconsistentTimes">The sender's times disagreed for at least one file.</param>
/// <param name="Merged">This program absorbed another one.</param>
public sealed record ProgramFlags(bool Short, bool InconsistentTimes, bool Merged);

/// <summary>Why, by whom and when a program was hidden; only editors ever see a hidden program.</summary>
public sealed record ProgramHiding(string Reason, string Editor, DateTimeOffset At);

public static class ProgramViews
{
    /// <summary>Pure: the same state, cover and threshold always give the same view.</summary>
    public static ProgramView From(ProgramState state, double shortSeconds)
    {
        var started = state.StartedAt;
        var ended = state.EndedAt;
        var duration = (ended - started).TotalSeconds;
        var renditions = state.Files
            .GroupBy(f => f.Format, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var files = g.OrderBy(f => f.StartedAt).ThenBy(f => f.EndedAt).ThenBy(f => f.FileId, StringComparer.Ordinal).ToArray();
                return new RenditionView(g.Key, Covered(files).Sum(i => (i.End - i.Start).TotalSeconds),
                    files.Select((f, i) => new FileView(i, f.FileId, f.Url, f.SizeBytes, f.StartedAt, f.EndedAt)).ToArray());
            })
            .ToArray();
        var covered = Covered(state.Files);
        var gaps = covered.Zip(covered.Skip(1), (a, b) => new GapView(a.End, b.Start)).ToArray();
        var flags = new ProgramFlags(duration < shortSeconds, state.Files.Any(f => f.TimesInconsistent), state.Absorbed.Count > 0);
        return new ProgramView(state.Id, state.AnchorId, state.StreamId, started, ended, duration, renditions, gaps, state.Cover?.Url, flags, state.Absorbed,
            Hidden: state.Hidden);
    }

    /// <summary>The union of the files' intervals, as disjoint intervals in time order; the holes between them are gaps.</summary>
    public static List<(DateTimeOffset Start, DateTimeOffset End)> Covered(IEnumerable<ProgramFile> files)
    {
        var result = new List<(DateTimeOffset Start, DateTimeOffset End)>();
        foreach (var f in files.OrderBy(f => f.StartedAt).ThenBy(f => f.EndedAt))
        {
            var end = f.EndedAt < f.StartedAt ? f.StartedAt : f.EndedAt;
            if (result.Count > 0 && f.StartedAt <= result[^1].End)
                result[^1] = (result[^1].Start, end > result[^1].End ? end : result[^1].End);
            else
                result.Add((f.StartedAt, end));
        }
        return result;
    }
}
