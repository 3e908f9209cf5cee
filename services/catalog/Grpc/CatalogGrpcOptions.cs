namespace Catalog.Grpc;

/// <summary>The <c>Catalog:Grpc</c> configuration section. The port is Kestrel's endpoint <c>Kestrel:Endpoints:Grpc</c>.</summary>
public sealed class CatalogGrpcOptions
{
    public const string Section = "Catalog:Grpc";

    /// <summary>When any is set, every call needs <c>authorization: Bearer &lt;key&gt;</c> or <c>x-api-key: &lt;key&gt;</c>; when none, reads are open like REST reads.</summary>
    public string[] ApiKeys { get; set; } = [];

    /// <summary>How often a health Watch call evaluates readiness again, to tell its client of a change.</summary>
    public TimeSpan HealthWatchInterval { get; set; } = TimeSpan.FromSeconds(1);

    public int MaxReceiveMessageSize { get; set; } = 4 * 1024 * 1024;
}
