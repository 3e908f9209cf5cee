using Ingest.Callbacks;
using Ingest.LiveStreams;

namespace Ingest.Senders;

/// <summary>The facts one callback reports (one or several, each with its own idempotency key), or why it was refused.</summary>
public sealed record SenderParse(IReadOnlyList<LiveStreamCallback> Callbacks, Refusal? Refusal)
{
    public static SenderParse Of(params LiveStreamCallback[] callbacks) => new(callbacks, null);

    public static SenderParse Refused(RefusalKind kind, string detail) => new([], new Refusal(kind, detail));

    public static SenderParse Refused(Refusal refusal) => new([], refusal);
}
