namespace Ingest.Senders.Srs;

/// <summary>SRS <c>on_dvr</c> settings (section <c>Srs</c>): off until <c>Token</c> is set.</summary>
public sealed class SrsOptions
{
    public const string Section = "Srs";

    /// <summary>The <c>?token=</c> of the <c>on_dvr</c> URL.</summary>
    public string? Token { get; set; }

    /// <summary>The token being rotated out; accepted too until it is removed.</summary>
    public string? PreviousToken { get; set; }

    /// <summary>The folder SRS records into (its <c>dvr_path</c> folder, resolved against SRS's <c>cwd</c>).</summary>
    public string? RecordRoot { get; set; }

    /// <summary>The URL that serves <c>RecordRoot</c>.</summary>
    public string? PublicUrlBase { get; set; }
}
