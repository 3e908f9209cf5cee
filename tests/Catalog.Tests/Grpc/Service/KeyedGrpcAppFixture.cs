namespace Catalog.Tests.Grpc.Service;

/// <summary>A catalog whose gRPC calls need <see cref="Key"/> (<c>Catalog:Grpc:ApiKeys</c>).</summary>
public sealed class KeyedGrpcAppFixture : GrpcAppFixture
{
    public const string Key = "reader-key";

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["Catalog:Grpc:ApiKeys:0"] = Key };
}
