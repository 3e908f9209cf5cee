using System.Security.Cryptography;
using System.Text;
using Catalog.Grpc.Transport;

namespace Catalog.Grpc;

/// <summary>Checks a call's key against the configured ones in constant time; keys are hashed first so lengths leak nothing.</summary>
internal sealed class GrpcApiKeys(IEnumerable<string> keys)
{
    private readonly byte[][] _hashes = keys.Where(k => !string.IsNullOrEmpty(k)).Select(Hash).ToArray();

    public bool Required => _hashes.Length > 0;

    public bool Allows(GrpcCallContext call)
    {
        var presented = Presented(call);
        if (presented is null) return false;
        var hash = Hash(presented);
        var allowed = false;
        // Every key is compared, so the time taken says nothing about which one matched.
        foreach (var known in _hashes) allowed |= CryptographicOperations.FixedTimeEquals(hash, known);
        return allowed;
    }

    private static string? Presented(GrpcCallContext call)
    {
        var authorization = call.RequestHeader("authorization");
        if (authorization is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return authorization["Bearer ".Length..].Trim();
        return call.RequestHeader("x-api-key");
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
