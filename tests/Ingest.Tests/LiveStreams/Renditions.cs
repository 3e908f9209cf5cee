using Ingest.LiveStreams;

namespace Ingest.Tests.LiveStreams;

/// <summary>A program's files as the catalog will show them, one rendition per format: how the tests compare programs.</summary>
public static class Renditions
{
    /// <summary>The files of one format, in time order.</summary>
    public static IEnumerable<PlacedFile> Rendition(this LiveProgram program, string format) =>
        program.Files.Where(f => f.Format == format).OrderBy(f => f.StartedAt).ThenBy(f => f.FileId, StringComparer.Ordinal);

    public static IEnumerable<string> Formats(this LiveProgram program) =>
        program.Files.Select(f => f.Format).Distinct().Order(StringComparer.Ordinal);
}
