namespace Catalog;

/// <summary>The <c>Catalog</c> configuration section.</summary>
public sealed class CatalogOptions
{
    /// <summary>Bearer keys allowed to curate feeds (env <c>Catalog__EditorKeys__0</c>, ...). The editor is named by the key's index.</summary>
    public string[] EditorKeys { get; set; } = [];

    /// <summary>Bearer keys allowed on <c>/admin</c> (env <c>Catalog__AdminKeys__0</c>, ...).</summary>
    public string[] AdminKeys { get; set; } = [];

    /// <summary>Programs shorter than this are flagged <c>short</c> (kept, never dropped). Changing it needs a rebuild.</summary>
    public double ShortProgramSeconds { get; set; } = 60;

    /// <summary>Readiness fails while a serving projection is more than this many events behind the log.</summary>
    public long ReadyMaxLagEvents { get; set; } = 10_000;

    /// <summary>How long a CDN or browser may reuse a public read answer without asking (<c>Cache-Control: max-age</c>).</summary>
    public TimeSpan PublicMaxAge { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long past that it may serve the old answer while it revalidates (<c>stale-while-revalidate</c>).</summary>
    public TimeSpan PublicStaleWhileRevalidate { get; set; } = TimeSpan.FromSeconds(30);

    public int DefaultPageSize { get; set; } = 20;
    public int MaxPageSize { get; set; } = 200;

    /// <summary>Events per committed chunk while rebuilding: each chunk is one short transaction.</summary>
    public int RebuildBatchSize { get; set; } = 5_000;

    /// <summary>Events per batch for the serving subscriptions.</summary>
    public int LiveBatchSize { get; set; } = 500;
}
