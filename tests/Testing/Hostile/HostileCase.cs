namespace Testing.Hostile;

/// <summary>What a correct ingest answers to a case: 200, a 4xx problem, or either (a kept odd value or a refusal).</summary>
public enum Expected { Accepted, Refused, Either }

/// <summary>
/// One callback to POST: its bytes and content type, what a correct ingest answers, and for a valid recording the
/// anchor and file the catalog must then show.
/// </summary>
public sealed record HostileCase(string Name, byte[] Body, string? ContentType, Expected Expected, string? AnchorId = null, string? FileId = null)
{
    public bool IsValidRecording => Expected == Expected.Accepted && FileId is not null;
}
