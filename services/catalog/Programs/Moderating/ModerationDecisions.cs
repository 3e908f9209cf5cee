namespace Catalog.Programs.Moderating;

/// <summary>Pure moderation decisions: (current hiding, command, editor, now) → events; a no-op decides nothing.</summary>
public static class ModerationDecisions
{
    public const int MaxReasonLength = 500;

    public static object[] Hide(ProgramHiding? current, Guid programId, string? reason, string editor, DateTimeOffset now)
    {
        reason = reason?.Trim() ?? "";
        if (reason.Length is 0 or > MaxReasonLength) throw new ValidationException($"A reason has 1 to {MaxReasonLength} characters.");
        return current?.Reason == reason ? [] : [new ProgramHidden(programId, reason, editor, now)];
    }

    public static object[] Restore(ProgramHiding? current, Guid programId, string editor, DateTimeOffset now) =>
        current is null ? [] : [new ProgramRestored(programId, editor, now)];

    /// <summary>Pure: the hiding after a moderation event (hidden again perhaps with a new reason, or restored).</summary>
    public static ProgramHiding? Evolve(ProgramHiding? hiding, object @event) => @event switch
    {
        ProgramHidden h => new ProgramHiding(h.Reason, h.Editor, h.At),
        ProgramRestored => null,
        _ => hiding,
    };
}
