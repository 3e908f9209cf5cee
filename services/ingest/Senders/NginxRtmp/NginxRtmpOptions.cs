namespace Ingest.Senders.NginxRtmp;

/// <summary>nginx-rtmp <c>on_record_done</c> settings (section <c>NginxRtmp</c>): off until <c>Token</c> is set.</summary>
public sealed class NginxRtmpOptions
{
    public const string Section = "NginxRtmp";

    /// <summary>The <c>?token=</c> of the <c>on_record_done</c> URL.</summary>
    public string? Token { get; set; }

    /// <summary>The token being rotated out; accepted too until it is removed.</summary>
    public string? PreviousToken { get; set; }

    /// <summary>nginx's <c>record_path</c> (as nginx sees it): the files' paths are taken relative to it.</summary>
    public string? RecordRoot { get; set; }

    /// <summary>The URL that serves <c>RecordRoot</c> (an nginx <c>location</c>, a CDN, a bucket the files are copied to).</summary>
    public string? PublicUrlBase { get; set; }
}
