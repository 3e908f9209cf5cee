using Catalog.Programs.Moderating;
using Catalog.Projections;
using Contracts.Recordings;
using EventLog;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Catalog.Programs.Projecting;

/// <summary>Programs, one per broadcast, and the anchor histories that list them.</summary>
public sealed class ProgramsProjection(IOptions<CatalogOptions> options) : IProjection
{
    public const string ProjectionName = "programs";

    /// <summary>The NOTIFY channel on which each commit names the programs it hid or restored; the payload is a program id.</summary>
    public const string ModeratedChannel = "catalog_program_moderated";

    public string Name => ProjectionName;
    public string CreateTablesSql(int version) => ProgramTables.Create(version);
    public string DropTablesSql(int version) => ProgramTables.Drop(version);
    public ISubscriptionHandler Handler(int version) => new ProgramsHandler(version, options.Value.ShortProgramSeconds);
}

/// <summary>
/// Folds a batch in memory: loads the programs it touches, applies the pure Apply functions in log order, then
/// writes each changed program once. A program's cover is the latest screenshot within its span: spans only grow
/// and programs of one stream never overlap, so a screenshot inside a program is folded into that program's cover
/// for good, and only screenshots outside every known program wait in a table for a program to reach them. The
/// result is the same however the log is cut into batches. Likewise a file's details wait in a table only when
/// its placement is not in the same batch (ingest appends the two together).
/// </summary>
internal sealed class ProgramsHandler(int version, double shortSeconds) : ISubscriptionHandler
{
    public async Task HandleAsync(IReadOnlyList<RecordedEvent> events, SubscriptionContext context, CancellationToken ct)
    {
        var rows = new ProgramRows(version, context);
        var files = new Dictionary<(string, string), FileDetails>();
        var placed = new HashSet<(string, string)>();
        var screenshots = new List<(string Stream, ProgramCover Shot)>();
        var programIds = new HashSet<Guid>();
        foreach (var e in events)
        {
            switch (e.Data)
            {
                case RecordingFileCreated f:
                    files[(e.StreamId, f.FileId)] = FileDetails.From(f);
                    break;
                case ScreenshotTaken s:
                    screenshots.Add((e.StreamId, ProgramCover.Of(s.TakenAt, s.PictureUrl)));
                    break;
                case StreamSegmented s:
                    programIds.Add(s.ProgramId);
                    placed.Add((e.StreamId, s.FileId));
                    break;
                case ProgramsMerged m:
                    programIds.Add(m.SurvivorId);
                    programIds.Add(m.MergedId);
                    break;
                case ProgramHidden h:
                    programIds.Add(h.ProgramId);
                    break;
                case ProgramRestored r:
                    programIds.Add(r.ProgramId);
                    break;
            }
        }
        if (files.Count == 0 && screenshots.Count == 0 && programIds.Count == 0) return;

        await rows.UpsertFilesAsync(files.Where(f => !placed.Contains(f.Key)).ToDictionary(), ct);
        var known = await rows.LoadFilesAsync(placed.Where(k => !files.ContainsKey(k)).ToHashSet(), ct);
        var states = await rows.LoadAsync(programIds, ct);
        var stored = states.Keys.ToHashSet();
        var changed = new HashSet<Guid>();
        var moderatedIds = new HashSet<Guid>();
        foreach (var e in events)
        {
            switch (e.Data)
            {
                case StreamSegmented s:
                    var current = states.GetValueOrDefault(s.ProgramId);
                    var details = files.GetValueOrDefault((e.StreamId, s.FileId)) ?? known.GetValueOrDefault((e.StreamId, s.FileId))
                        ?? current?.Files.Where(f => f.FileId == s.FileId).Select(f => new FileDetails(f.Url, f.SizeBytes, f.TimesInconsistent)).FirstOrDefault();
                    states[s.ProgramId] = ProgramState.Apply(current, s, e.StreamId, details);
                    changed.Add(s.ProgramId);
                    break;
                case ProgramsMerged m:
                    var (survivor, merged) = ProgramState.Apply(states.GetValueOrDefault(m.SurvivorId), states.GetValueOrDefault(m.MergedId), m, e.StreamId);
                    states[m.SurvivorId] = survivor;
                    states[m.MergedId] = merged;
                    changed.Add(m.SurvivorId);
                    changed.Add(m.MergedId);
                    break;
                case ProgramHidden or ProgramRestored:
                    // Editors moderate programs they have seen, so the program is always stored before the event.
                    var id = e.Data is ProgramHidden h ? h.ProgramId : ((ProgramRestored)e.Data).ProgramId;
                    if (states.GetValueOrDefault(id) is not { } moderated) break;
                    states[id] = moderated.Apply(e.Data);
                    changed.Add(id);
                    moderatedIds.Add(id);
                    break;
            }
        }

        // Screenshots go to the program in hand that holds them, else to a stored one that does, else wait.
        var waiting = Assign(screenshots, states, changed);
        foreach (var state in await rows.ProgramsCoveringAsync(waiting, states.Keys, ct))
        {
            states[state.Id] = state;
            stored.Add(state.Id);
        }
        await rows.InsertScreenshotsAsync(Assign(waiting, states, changed), ct);

        // A program whose span grew may now reach screenshots that were waiting.
        var live = changed.Select(id => states[id]).Where(s => s.MergedInto is null && s.HasFiles).ToList();
        foreach (var (id, cover) in await rows.CoversAsync(live, ct)) states[id] = states[id].WithCover(cover);

        var written = changed.Select(id => states[id])
            .Where(s => s.HasFiles || s.MergedInto is not null)
            .Select(s => (s, s.MergedInto is null ? ProgramViews.From(s, shortSeconds) : null))
            .ToList();
        await rows.WriteProgramsAsync(written, stored, ct);
        if (moderatedIds.Count > 0) await AnnounceModeratedAsync(moderatedIds, context, ct);
    }

    /// <summary>
    /// Sent inside the transaction, so it arrives once the hidden flags above are visible: feed watchers read their page
    /// again, since a feed leaves its hidden programs out. Moderation comes at an editor's pace.
    /// </summary>
    private static async Task AnnounceModeratedAsync(HashSet<Guid> programIds, SubscriptionContext context, CancellationToken ct)
    {
        await using var notify = context.Command("SELECT pg_notify($1, id::text) FROM unnest($2::uuid[]) AS id");
        notify.Parameters.Add(new NpgsqlParameter<string> { TypedValue = ProgramsProjection.ModeratedChannel });
        notify.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = programIds.ToArray() });
        await notify.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Folds each screenshot into the program that holds it; returns those no program holds.</summary>
    private static List<(string Stream, ProgramCover Shot)> Assign(List<(string Stream, ProgramCover Shot)> screenshots, Dictionary<Guid, ProgramState> states, HashSet<Guid> changed)
    {
        if (screenshots.Count == 0) return screenshots;
        var byStream = states.Values.Where(s => s.HasFiles && s.MergedInto is null).ToLookup(s => s.LogStream, s => s.Id);
        var left = new List<(string, ProgramCover)>();
        foreach (var (stream, shot) in screenshots)
        {
            var holder = byStream[stream].Where(id => states[id].Holds(shot.TakenAt)).Order().FirstOrDefault();
            if (holder == Guid.Empty)
            {
                left.Add((stream, shot));
                continue;
            }
            var next = states[holder].WithCover(shot);
            if (next == states[holder]) continue;
            states[holder] = next;
            changed.Add(holder);
        }
        return left;
    }
}
