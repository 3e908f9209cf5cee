using EventLog;

namespace Catalog.Programs.Moderating;

// Moderation facts: one log stream per program (moderation:{programId}), each with its editor and the time it happened.

/// <summary>An editor hid the program from API consumers (anchor histories, lists, feeds, GetProgram); editors still see it.</summary>
public sealed record ProgramHidden(Guid ProgramId, string Reason, string Editor, DateTimeOffset At);

public sealed record ProgramRestored(Guid ProgramId, string Editor, DateTimeOffset At);

public static class ModerationEventTypes
{
    public const string StreamPrefix = "moderation:";

    public static string StreamId(Guid programId) => StreamPrefix + programId.ToString("D");

    /// <summary>Registers the moderation events under their stable stored names.</summary>
    public static EventTypeRegistry AddModerationEvents(this EventTypeRegistry types) => types
        .Register("program-hidden", CatalogJson.Default.ProgramHidden)
        .Register("program-restored", CatalogJson.Default.ProgramRestored);
}
