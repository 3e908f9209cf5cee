using Catalog.Grpc.Transport;
using ServiceDefaults.Keys;

namespace Catalog.Grpc;

/// <summary>Checks a call's key (<c>authorization: Bearer</c>, or <c>x-api-key</c>) with the services' one key check.</summary>
internal sealed class GrpcApiKeys(IEnumerable<string> keys)
{
    private readonly KeyRing _ring = new(keys.Select((key, i) => new NamedKey($"reader-{i}", "reader", key)));

    public bool Required => !_ring.IsEmpty;

    public bool Allows(GrpcCallContext call) =>
        _ring.Find(KeyRing.Bearer(call.RequestHeader("authorization")) ?? call.RequestHeader("x-api-key")) is not null;
}
