namespace Catalog.Programs.Moderating;

/// <summary>Pure moderation decisions: (current hiding, command, editor, now) → events or a refusal; a no-op decides nothing.</summary>
public static class ModerationDecisions
{
    public const int MaxReasonLength = 500;

    public static Decision Hide(ProgramHiding? current, Guid programId, string? reason, string editor, DateTimeOffset now)
    {
        reason = reason?.Trim() ?? "";
        if (reason.Length is 0 or > MaxReasonLength) return Rejection.Invalid($"A reason has 1 to {MaxReasonLength} characters.");
        return current?.Reason == reason ? Decision.Nothing : Decision.Append(new ProgramHidden(programId, reason, editor, now));
    }

    public static Decision Restore(ProgramHiding? current, Guid programId, string editor, DateTimeOffset now) =>
        current is null ? Decision.Nothing : Decision.Append(new ProgramRestored(programId, editor, now));

    /// <summary>Pure: the hiding after a moderation event (hidden again perhaps with a new reason, or restored).</summary>
    public static ProgramHiding? Evolve(ProgramHiding? hiding, object @event) => @event switch
    {
        ProgramHidden h => new ProgramHiding(h.Reason, h.Editor, h.At),
        ProgramRestored => null,
        _ => hiding,
    };
}
