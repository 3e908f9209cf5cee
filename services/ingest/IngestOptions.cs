namespace Ingest;

/// <summary>Settings of the ingest service (section <c>Ingest</c>).</summary>
public sealed class IngestOptions
{
    public const string Section = "Ingest";

    /// <summary>Callback bodies above this size are refused with 413 and quarantined truncated.</summary>
    public int MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Files of one stream closer than this belong to one program.</summary>
    public TimeSpan MaxProgramGap { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A file starting within this of the previous file's end (same format) was cut at the interval, not interrupted.</summary>
    public TimeSpan CutTolerance { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A <c>duration</c> above this is implausible; the file's times then come from <c>start_time</c>.</summary>
    public TimeSpan MaxPlausibleDuration { get; set; } = TimeSpan.FromHours(48);

    /// <summary>How long a callback waits for its commit before answering 503 (Tencent waits 20 s).</summary>
    public TimeSpan CommitTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Callbacks of different streams that arrive while a commit runs share the next one; at most this many.</summary>
    public int MaxBatchSize { get; set; } = 512;

    /// <summary>Group commits in flight at once (each on its own connection, for different live streams).</summary>
    public int MaxConcurrentCommits { get; set; } = 3;

    /// <summary>Folded live-stream states kept in memory.</summary>
    public int CachedStreams { get; set; } = 20_000;

    // Operator keys are read by Quarantine/AdminKeyFilter: Ingest:Admins:<name>:Key (and the deprecated Ingest:AdminKeys:N).

    public AnchorIdOptions AnchorId { get; set; } = new();
}

public sealed class AnchorIdOptions
{
    /// <summary><c>suffix-after-underscore</c> (Tencent's demo: <c>bizid_userid</c>), <c>stream-id</c>, or <c>regex:</c> with a group named <c>anchor</c>.</summary>
    public string Strategy { get; set; } = "suffix-after-underscore";
}

/// <summary>Tencent Cloud Live callback settings (section <c>Tencent</c>).</summary>
public sealed class TencentOptions
{
    public const string Section = "Tencent";

    public string? CallbackKey { get; set; }

    /// <summary>The key being rotated out; accepted too until it is removed.</summary>
    public string? PreviousCallbackKey { get; set; }

    /// <summary>Without a key the service refuses to start unless this is set (development only).</summary>
    public bool AllowUnsignedCallbacks { get; set; }

    /// <summary>How far past its expiry time <c>t</c> a notification is still accepted (clock skew).</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);
}
