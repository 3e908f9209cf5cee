using Catalog.Projections;
using Contracts.Recordings;
using EventLog;
using Microsoft.Extensions.Options;

namespace Catalog.Programs.Projecting;

/// <summary>Programs, one per broadcast, and the anchor histories that list them.</summary>
public sealed class ProgramsProjection(IOptions<CatalogOptions> options) : IProjection
{
    public const string ProjectionName = "programs";

    public string Name => ProjectionName;
    public string CreateTablesSql(int version) => ProgramTables.Create(version);
    public string DropTablesSql(int version) => ProgramTables.Drop(version);
    public ISubscriptionHandler Handler(int version) => new ProgramsHandler(version, options.Value.ShortProgramSeconds);
}

/// <summary>
/// Folds a batch in memory: loads the programs it touches, applies the pure Apply functions in log order, then
/// writes each changed program once. The cover is a function of the program's final times and every screenshot
/// of its stream seen so far, so it is the same however the log is cut into batches.
/// </summary>
internal sealed class ProgramsHandler(int version, double shortSeconds) : ISubscriptionHandler
{
    public async Task HandleAsync(IReadOnlyList<RecordedEvent> events, SubscriptionContext context, CancellationToken ct)
    {
        var rows = new ProgramRows(version, context);
        var files = new Dictionary<(string, string), FileDetails>();
        var screenshots = new List<(string Stream, DateTimeOffset TakenAt, string Url)>();
        var programIds = new HashSet<Guid>();
        var missingFiles = new HashSet<(string, string)>();
        foreach (var e in events)
        {
            switch (e.Data)
            {
                case RecordingFileCreated f:
                    files[(e.StreamId, f.FileId)] = FileDetails.From(f);
                    break;
                case ScreenshotTaken s:
                    screenshots.Add((e.StreamId, s.TakenAt, s.PictureUrl));
                    break;
                case StreamSegmented s:
                    programIds.Add(s.ProgramId);
                    if (!files.ContainsKey((e.StreamId, s.FileId))) missingFiles.Add((e.StreamId, s.FileId));
                    break;
                case ProgramsMerged m:
                    programIds.Add(m.SurvivorId);
                    programIds.Add(m.MergedId);
                    break;
            }
        }
        if (files.Count == 0 && screenshots.Count == 0 && programIds.Count == 0) return;

        await rows.UpsertFilesAsync(files, ct);
        await rows.InsertScreenshotsAsync(screenshots, ct);
        var known = await rows.LoadFilesAsync(missingFiles, ct);
        var states = await rows.LoadAsync(programIds, ct);
        var changed = new HashSet<Guid>();

        foreach (var e in events)
        {
            switch (e.Data)
            {
                case StreamSegmented s:
                    var details = files.GetValueOrDefault((e.StreamId, s.FileId)) ?? known.GetValueOrDefault((e.StreamId, s.FileId));
                    states[s.ProgramId] = ProgramState.Apply(states.GetValueOrDefault(s.ProgramId), s, e.StreamId, details);
                    changed.Add(s.ProgramId);
                    break;
                case ProgramsMerged m:
                    var (survivor, merged) = ProgramState.Apply(states.GetValueOrDefault(m.SurvivorId), states.GetValueOrDefault(m.MergedId), m, e.StreamId);
                    states[m.SurvivorId] = survivor;
                    states[m.MergedId] = merged;
                    changed.Add(m.SurvivorId);
                    changed.Add(m.MergedId);
                    break;
            }
        }

        // Programs this batch did not touch but whose time span takes one of its screenshots: their cover may change.
        // Programs of one stream never overlap, so a shot inside a program already in hand needs no look-up.
        var inHand = states.Values.Where(s => s.HasFiles && s.MergedInto is null).ToLookup(s => s.LogStream);
        var uncovered = screenshots.Where(x => !inHand[x.Stream].Any(p => p.StartedAt <= x.TakenAt && x.TakenAt <= p.EndedAt)).ToList();
        foreach (var state in await rows.ProgramsCoveringAsync(uncovered, states.Keys, ct))
        {
            states[state.Id] = state;
            changed.Add(state.Id);
        }

        var live = changed.Select(id => states[id]).Where(s => s.MergedInto is null && s.HasFiles).ToList();
        var covers = await rows.CoversAsync(live, ct);
        var written = changed.Select(id => states[id])
            .Where(s => s.HasFiles || s.MergedInto is not null)
            .Select(s => (s, s.MergedInto is null ? ProgramViews.From(s, covers.GetValueOrDefault(s.Id), shortSeconds) : null))
            .ToList();
        await rows.UpsertProgramsAsync(written, ct);
    }
}
