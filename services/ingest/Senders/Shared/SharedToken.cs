using System.Security.Cryptography;
using System.Text;
using Ingest.Callbacks;

namespace Ingest.Senders.Shared;

/// <summary>
/// A shared secret the sender repeats on every call (a query parameter or a header), compared in constant time with
/// the current and, during a rotation, the previous value.
/// </summary>
public sealed class SharedToken(string name, params string?[] accepted)
{
    private readonly byte[][] _accepted = accepted.Where(t => !string.IsNullOrEmpty(t)).Select(t => SHA256.HashData(Encoding.UTF8.GetBytes(t!))).ToArray();

    public bool Configured => _accepted.Length > 0;

    public Refusal? Verify(string? given)
    {
        if (string.IsNullOrEmpty(given)) return new Refusal(RefusalKind.SignatureMissing, $"The {name} is required.");
        // Hashing first gives equal lengths, so the comparison's time says nothing about the token's length either.
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(given));
        var matches = false;
        foreach (var token in _accepted) matches |= CryptographicOperations.FixedTimeEquals(hash, token);
        return matches ? null : new Refusal(RefusalKind.SignatureInvalid, $"The {name} does not match a configured one.");
    }
}
