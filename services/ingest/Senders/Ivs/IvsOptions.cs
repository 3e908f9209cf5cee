namespace Ingest.Senders.Ivs;

/// <summary>AWS IVS via an EventBridge API destination (section <c>Ivs</c>): off until <c>ApiKey</c> is set.</summary>
public sealed class IvsOptions
{
    public const string Section = "Ivs";

    /// <summary>The API key value of the EventBridge connection (authorization type API_KEY).</summary>
    public string? ApiKey { get; set; }

    /// <summary>The key being rotated out; accepted too until it is removed.</summary>
    public string? PreviousApiKey { get; set; }

    /// <summary>The API key name of the EventBridge connection: the header that carries the key.</summary>
    public string HeaderName { get; set; } = "x-api-key";

    /// <summary>Where the recordings' S3 bucket is served (CloudFront, ...): <c>{base}/{key prefix}/media/hls/master.m3u8</c>; else <c>s3://{bucket}/...</c>.</summary>
    public string? PublicUrlBase { get; set; }

    /// <summary>The recording configuration's <c>recordingReconnectWindowSeconds</c>: IVS sends Recording End at least this late.</summary>
    public TimeSpan RecordingReconnectWindow { get; set; } = TimeSpan.Zero;
}
