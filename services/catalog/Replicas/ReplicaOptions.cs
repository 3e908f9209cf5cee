namespace Catalog.Replicas;

/// <summary>The <c>Catalog:Replicas</c> section, used when <c>ConnectionStrings:CatalogReads</c> is set.</summary>
public sealed class ReplicaOptions
{
    /// <summary>A standby further behind the primary than this is not read from.</summary>
    public TimeSpan MaxLag { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMilliseconds(500);
}
