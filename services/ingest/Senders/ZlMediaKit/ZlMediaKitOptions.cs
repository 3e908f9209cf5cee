namespace Ingest.Senders.ZlMediaKit;

/// <summary>ZLMediaKit <c>on_record_mp4</c> settings (section <c>ZlMediaKit</c>): off until <c>Token</c> is set.</summary>
public sealed class ZlMediaKitOptions
{
    public const string Section = "ZlMediaKit";

    /// <summary>The <c>?token=</c> of the <c>hook.on_record_mp4</c> URL.</summary>
    public string? Token { get; set; }

    /// <summary>The token being rotated out; accepted too until it is removed.</summary>
    public string? PreviousToken { get; set; }

    /// <summary>The folder ZLMediaKit records into (its <c>record.filePath</c>, or its http root).</summary>
    public string? RecordRoot { get; set; }

    /// <summary>The URL that serves <c>RecordRoot</c>.</summary>
    public string? PublicUrlBase { get; set; }
}
