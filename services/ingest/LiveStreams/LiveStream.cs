using System.Collections.Immutable;
using Contracts.Recordings;

namespace Ingest.LiveStreams;

/// <summary>What ingest knows of one live stream, folded from its log stream.</summary>
public sealed record LiveStream(
    ImmutableHashSet<string> SeenCallbacks,
    ImmutableHashSet<string> FileIds,
    ImmutableDictionary<Guid, LiveProgram> Programs)
{
    public static readonly LiveStream Empty = new([], [], ImmutableDictionary<Guid, LiveProgram>.Empty);

    /// <summary>Folds one command's events and remembers its idempotency key, so a repeat decides nothing.</summary>
    public LiveStream Evolve(string? idempotencyKey, IReadOnlyList<object> events)
    {
        var state = idempotencyKey is null ? this : this with { SeenCallbacks = SeenCallbacks.Add(idempotencyKey) };
        // By index: a list's enumerator through the interface is one more object per fold.
        for (var i = 0; i < events.Count; i++) state = state.Apply(events[i]);
        return state;
    }

    public LiveStream Apply(object @event) => @event switch
    {
        RecordingFileCreated f => this with { FileIds = FileIds.Add(f.FileId) },
        StreamSegmented s => Place(s),
        ProgramsMerged m => Merge(m),
        _ => this,
    };

    private LiveStream Place(StreamSegmented s)
    {
        var file = new PlacedFile(s.FileId, s.Format, s.StartedAt, s.EndedAt);
        var program = Programs.TryGetValue(s.ProgramId, out var p)
            ? p with
            {
                StartedAt = Min(p.StartedAt, file.StartedAt),
                EndedAt = Max(p.EndedAt, file.EndedAt),
                Files = p.Files.Add(file),
            }
            : new LiveProgram(s.ProgramId, file.StartedAt, file.EndedAt, [file], s.SessionId);
        return this with { Programs = Programs.SetItem(program.Id, program) };
    }

    private LiveStream Merge(ProgramsMerged m)
    {
        if (!Programs.TryGetValue(m.MergedId, out var merged) || m.MergedId == m.SurvivorId) return this;
        var survivor = Programs.TryGetValue(m.SurvivorId, out var s)
            ? s with
            {
                StartedAt = Min(s.StartedAt, merged.StartedAt),
                EndedAt = Max(s.EndedAt, merged.EndedAt),
                Files = s.Files.AddRange(merged.Files),
            }
            : merged with { Id = m.SurvivorId };
        return this with { Programs = Programs.Remove(m.MergedId).SetItem(survivor.Id, survivor) };
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a <= b ? a : b;
    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;
}
