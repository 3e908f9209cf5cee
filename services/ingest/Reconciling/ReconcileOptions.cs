namespace Ingest.Reconciling;

/// <summary>Tencent Cloud API 3.0 credentials (section <c>Tencent:Api</c>); reconciliation is off without them.</summary>
public sealed class TencentApiOptions
{
    public const string Section = "Tencent:Api";

    public string? SecretId { get; set; }
    public string? SecretKey { get; set; }

    /// <summary>The VOD sub-application holding the recordings, when not the primary one.</summary>
    public ulong? SubAppId { get; set; }

    /// <summary>Sent as <c>X-TC-Region</c> when set; VOD does not need it.</summary>
    public string? Region { get; set; }

    public Uri Endpoint { get; set; } = new("https://vod.tencentcloudapi.com");

    public bool Configured => !string.IsNullOrWhiteSpace(SecretId) && !string.IsNullOrWhiteSpace(SecretKey);
}

/// <summary>The reconciler's schedule and limits (section <c>Tencent:Reconcile</c>).</summary>
public sealed class ReconcileOptions
{
    public const string Section = "Tencent:Reconcile";

    /// <summary>Time between scheduled runs.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How far back the first run looks, before any watermark exists.</summary>
    public TimeSpan LookBack { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Each scheduled run starts this much before the watermark: files the search indexes late are still found.</summary>
    public TimeSpan Overlap { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Scheduled runs stop this long before now: Tencent retries a callback for about 12 minutes, so a younger file's
    /// callback may still come, and counting it as missed would be a false alarm.
    /// </summary>
    public TimeSpan SettleDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The watermark advances after each step of this length is fully scanned.</summary>
    public TimeSpan Step { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Records per SearchMedia page (the API allows Offset + Limit up to 5,000).</summary>
    public int PageSize { get; set; } = 1000;

    /// <summary>Attempts of one request while Tencent throttles or fails transiently, waiting twice as long each time.</summary>
    public int MaxAttempts { get; set; } = 6;

    public TimeSpan Backoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often a standby replica tries to become the runner.</summary>
    public TimeSpan LockRetryInterval { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
