namespace Ingest.LiveStreams;

/// <summary>
/// A verified, normalised callback: the fact it reports, for which log stream, and the key that makes its repeats
/// duplicates (derived from the callback's identity, never from <c>sign</c> or <c>t</c>, which change on a retry).
/// </summary>
public sealed record LiveStreamCallback(
    string Provider,
    string StreamId,
    string LogStreamId,
    string IdempotencyKey,
    object Fact,
    DateTimeOffset ReceivedAt);
