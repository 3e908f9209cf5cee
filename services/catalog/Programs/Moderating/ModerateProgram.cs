using EventLog;

namespace Catalog.Programs.Moderating;

public sealed record HideProgramRequest(string? Reason);

/// <summary>The program's moderation after the command: <c>hidden</c> is null once restored.</summary>
public sealed record ModerationAnswer(Guid ProgramId, ProgramHiding? Hidden);

/// <summary>The moderation after a command, or why the command was refused.</summary>
public sealed record ModerationResult(ModerationAnswer? Answer, Rejection? Refused = null);

/// <summary>
/// Hide and restore: fold the program's moderation stream, decide (pure), append at the version folded. The time is
/// taken here, at the edge, so the projection that applies the event never reads a clock.
/// </summary>
public sealed class ModerateProgram(EventStore store, ProgramsReadModel programs, TimeProvider clock)
{
    private readonly ProgramsReadModel _programs = programs.OnPrimary();

    public Task<ModerationResult> HideAsync(Guid programId, string? reason, string editor, CancellationToken ct) =>
        ExecuteAsync(programId, (hiding, id) => ModerationDecisions.Hide(hiding, id, reason, editor, clock.GetUtcNow()), ct);

    public Task<ModerationResult> RestoreAsync(Guid programId, string editor, CancellationToken ct) =>
        ExecuteAsync(programId, (hiding, id) => ModerationDecisions.Restore(hiding, id, editor, clock.GetUtcNow()), ct);

    private async Task<ModerationResult> ExecuteAsync(Guid programId, Func<ProgramHiding?, Guid, Decision> decide, CancellationToken ct)
    {
        // A merged program's old id moderates the survivor that answers for it.
        if (await _programs.ResolveAsync(programId, ct) is not { } program)
            return new ModerationResult(null, Rejection.NotFound($"There is no program {programId}."));
        var streamId = ModerationEventTypes.StreamId(program.Id);
        var stored = await store.ReadStreamAsync(streamId, ct: ct);
        var hiding = stored.Select(e => e.Data).Aggregate((ProgramHiding?)null, ModerationDecisions.Evolve);
        var decision = decide(hiding, program.Id);
        if (decision.Refused is { } refused) return new ModerationResult(null, refused);
        if (decision.Count > 0)
        {
            try
            {
                await store.AppendAsync(new AppendRequest(streamId, ExpectedVersion.From(stored.Count == 0 ? 0 : stored[^1].StreamVersion), decision.ToArray()), ct);
            }
            catch (WrongExpectedVersionException conflict)
            {
                return new ModerationResult(null, EditConflict.Of(conflict));
            }
            CatalogTelemetry.CurationCommands.Add(1, new KeyValuePair<string, object?>("outcome", "appended"));
        }
        return new ModerationResult(new ModerationAnswer(program.Id, decision.Aggregate(hiding, ModerationDecisions.Evolve)));
    }
}
