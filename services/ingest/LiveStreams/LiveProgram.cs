using System.Collections.Immutable;

namespace Ingest.LiveStreams;

/// <summary>
/// One broadcast: its files (every format), spanning from its earliest start to its latest end; <c>SessionId</c> is the
/// sender's recording session when the sender has one.
/// </summary>
public sealed record LiveProgram(Guid Id, DateTimeOffset StartedAt, DateTimeOffset EndedAt, ImmutableList<PlacedFile> Files, string? SessionId = null);
