namespace Ingest.LiveStreams;

/// <summary>A file as placed in a program.</summary>
public sealed record PlacedFile(string FileId, string Format, DateTimeOffset StartedAt, DateTimeOffset EndedAt);
