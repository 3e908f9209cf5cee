using Catalog.SigningIn;
using EventLog;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Catalog.Programs.Moderating;

public sealed record HideProgramRequest(string? Reason);

/// <summary>The program's moderation after the command: <c>hidden</c> is null once restored.</summary>
public sealed record ModerationAnswer(Guid ProgramId, ProgramHiding? Hidden);

/// <summary>
/// Hide and restore: fold the program's moderation stream, decide (pure), append at the version folded. The time is
/// taken here, at the edge, so the projection that applies the event never reads a clock.
/// </summary>
public sealed class ModerateProgram(EventStore store, ProgramsReadModel programs, TimeProvider clock)
{
    public Task<ModerationAnswer> HideAsync(Guid programId, string? reason, string editor, CancellationToken ct) =>
        ExecuteAsync(programId, (hiding, id) => ModerationDecisions.Hide(hiding, id, reason, editor, clock.GetUtcNow()), ct);

    public Task<ModerationAnswer> RestoreAsync(Guid programId, string editor, CancellationToken ct) =>
        ExecuteAsync(programId, (hiding, id) => ModerationDecisions.Restore(hiding, id, editor, clock.GetUtcNow()), ct);

    private async Task<ModerationAnswer> ExecuteAsync(Guid programId, Func<ProgramHiding?, Guid, object[]> decide, CancellationToken ct)
    {
        // A merged program's old id moderates the survivor that answers for it.
        var program = await programs.ResolveAsync(programId, ct) ?? throw new NotFoundException($"There is no program {programId}.");
        var streamId = ModerationEventTypes.StreamId(program.Id);
        var stored = await store.ReadStreamAsync(streamId, ct: ct);
        var hiding = stored.Select(e => e.Data).Aggregate((ProgramHiding?)null, ModerationDecisions.Evolve);
        var events = decide(hiding, program.Id);
        if (events.Length > 0)
        {
            await store.AppendAsync(new AppendRequest(streamId, ExpectedVersion.From(stored.Count == 0 ? 0 : stored[^1].StreamVersion), events), ct);
            CatalogTelemetry.CurationCommands.Add(1, new KeyValuePair<string, object?>("outcome", "appended"));
        }
        return new ModerationAnswer(program.Id, events.Aggregate(hiding, ModerationDecisions.Evolve));
    }

    public static async Task<Results<Ok<ModerationAnswer>, ProblemHttpResult>> HideEndpointAsync(Guid programId, HideProgramRequest? body,
        ModerateProgram moderate, Principals principals, HttpContext context, CancellationToken ct)
    {
        var editor = await principals.RequireEditorAsync(context, ct);
        return TypedResults.Ok(await moderate.HideAsync(programId, body?.Reason, editor.Name, ct));
    }

    public static async Task<Results<Ok<ModerationAnswer>, ProblemHttpResult>> RestoreEndpointAsync(Guid programId,
        ModerateProgram moderate, Principals principals, HttpContext context, CancellationToken ct)
    {
        var editor = await principals.RequireEditorAsync(context, ct);
        return TypedResults.Ok(await moderate.RestoreAsync(programId, editor.Name, ct));
    }
}
