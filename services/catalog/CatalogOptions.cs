namespace Catalog;

/// <summary>The <c>Catalog</c> configuration section.</summary>
public sealed class CatalogOptions
{
    // Keys are read by SigningIn/CatalogKeys: Catalog:Editors:<name>:Key, Catalog:Admins:<name>:Key (and the deprecated numbered lists).

    public ConsoleOptions Console { get; set; } = new();

    /// <summary>Programs shorter than this are flagged <c>short</c> (kept, never dropped). Changing it needs a rebuild.</summary>
    public double ShortProgramSeconds { get; set; } = 60;

    /// <summary>Readiness fails while a serving projection is more than this many events behind the log.</summary>
    public long ReadyMaxLagEvents { get; set; } = 10_000;

    /// <summary>How long a CDN or browser may reuse a public read answer without asking (<c>Cache-Control: max-age</c>).</summary>
    public TimeSpan PublicMaxAge { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long past that it may serve the old answer while it revalidates (<c>stale-while-revalidate</c>).</summary>
    public TimeSpan PublicStaleWhileRevalidate { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Read replicas (<c>Catalog:Replicas</c>), used when <c>ConnectionStrings:CatalogReads</c> is set.</summary>
    public Replicas.ReplicaOptions Replicas { get; set; } = new();

    public int DefaultPageSize { get; set; } = 20;
    public int MaxPageSize { get; set; } = 200;

    /// <summary>Events per committed chunk while rebuilding: each chunk is one short transaction.</summary>
    public int RebuildBatchSize { get; set; } = 5_000;

    /// <summary>Events per batch for the serving subscriptions.</summary>
    public int LiveBatchSize { get; set; } = 500;
}

/// <summary>The editors' console (section <c>Catalog:Console</c>).</summary>
public sealed class ConsoleOptions
{
    /// <summary>How long a console session lasts after sign-in.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Wrong keys a client may send before each further sign-in waits (2 s, then twice as long each time).</summary>
    public int FreeSignInFailures { get; set; } = 5;

    /// <summary>A local folder served at <c>/media/</c> in Development only (the demo's generated videos and covers).</summary>
    public string? MediaFolder { get; set; }
}
