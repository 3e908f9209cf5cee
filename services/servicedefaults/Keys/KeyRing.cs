using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;

namespace ServiceDefaults.Keys;

/// <summary>
/// The one key check of every service: a presented key is hashed and compared with the hash of every configured key
/// in constant time, so neither the time taken nor the key's length says which key matched or how close a guess was.
/// </summary>
public sealed class KeyRing
{
    private readonly (Principal Principal, byte[] Hash)[] _keys;

    public KeyRing(IEnumerable<NamedKey> keys) =>
        _keys = keys.Where(k => !string.IsNullOrEmpty(k.Key)).Select(k => (new Principal(k.Name, k.Role), Hash(k.Key))).ToArray();

    public bool IsEmpty => _keys.Length == 0;

    public IEnumerable<Principal> Principals => _keys.Select(k => k.Principal);

    /// <summary>The principal whose key was presented, or null.</summary>
    public Principal? Find(string? presented)
    {
        if (string.IsNullOrEmpty(presented)) return null;
        var hash = Hash(presented);
        Principal? found = null;
        // Every key is compared, so the time taken says nothing about which one matched.
        foreach (var (principal, known) in _keys)
            if (CryptographicOperations.FixedTimeEquals(hash, known) && found is null) found = principal;
        return found;
    }

    /// <summary>A short, one-way mark of the principal's current key: a session made with a key dies when that key is rotated.</summary>
    public byte[]? Fingerprint(Principal principal)
    {
        foreach (var (p, known) in _keys)
            if (p == principal) return SHA256.HashData([.. "fingerprint:"u8, .. known])[..16];
        return null;
    }

    /// <summary>The key of an <c>Authorization: Bearer &lt;key&gt;</c> header, or null for any other header.</summary>
    public static string? Bearer(string? authorization) =>
        authorization is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? authorization["Bearer ".Length..].Trim()
            : null;

    /// <summary>
    /// Named keys (<c>{section}:{names}:&lt;name&gt;:Key</c>, e.g. <c>Catalog:Editors:alice:Key</c>) and the deprecated
    /// numbered list (<c>{section}:{legacyList}:N</c>, e.g. <c>Catalog:EditorKeys:0</c>), named <c>{role}-N</c>.
    /// </summary>
    public static IEnumerable<NamedKey> FromConfiguration(IConfiguration configuration, string section, string names, string legacyList, string role)
    {
        foreach (var named in configuration.GetSection($"{section}:{names}").GetChildren())
            yield return new NamedKey(named.Key, role, named["Key"] ?? "");
        foreach (var numbered in configuration.GetSection($"{section}:{legacyList}").GetChildren())
            yield return new NamedKey($"{role}-{numbered.Key}", role, numbered.Value ?? "");
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
