using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Catalog;

/// <summary>Bearer keys from configuration. Keys are compared in constant time and never logged; an editor is named by its key's index.</summary>
public sealed class ApiKeys(IOptions<CatalogOptions> options)
{
    /// <summary>The editor's name for the curation trail.</summary>
    public string Editor(HttpContext context) => $"editor-{Match(context, options.Value.EditorKeys, options.Value.AdminKeys)}";

    public void RequireAdmin(HttpContext context) => Match(context, options.Value.AdminKeys, options.Value.EditorKeys);

    private static int Match(HttpContext context, string[] allowed, string[] others)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            throw new AccessDeniedException("Send Authorization: Bearer <key>.", authenticated: false);
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim()));
        var found = IndexOf(presented, allowed);
        if (found >= 0) return found;
        throw IndexOf(presented, others) >= 0
            ? new AccessDeniedException("This key may not do that.", authenticated: true)
            : new AccessDeniedException("Unknown key.", authenticated: false);
    }

    private static int IndexOf(byte[] presented, string[] keys)
    {
        var found = -1;
        for (var i = 0; i < keys.Length; i++)
        {
            if (string.IsNullOrEmpty(keys[i])) continue;
            // Every key is compared, so the time taken says nothing about which one matched.
            if (CryptographicOperations.FixedTimeEquals(presented, SHA256.HashData(Encoding.UTF8.GetBytes(keys[i]))) && found < 0) found = i;
        }
        return found;
    }
}
