using Ingest.Committing;

namespace Ingest.Callbacks;

/// <summary>Accepted (its events are committed, or were already) or refused with a reason.</summary>
public sealed record CallbackResult(CommitStatus? Committed, Refusal? Refusal)
{
    public static CallbackResult Refused(Refusal refusal) => new(null, refusal);
}
