using ServiceDefaults.Keys;

namespace Catalog.SigningIn;

/// <summary>The catalog's principals: editors (curation, moderation) and admins (<c>/admin</c>), by name.</summary>
public sealed class CatalogKeys(IConfiguration configuration)
{
    public const string EditorRole = "editor";
    public const string AdminRole = "admin";

    /// <summary>
    /// <c>Catalog:Editors:&lt;name&gt;:Key</c> and <c>Catalog:Admins:&lt;name&gt;:Key</c>; the deprecated
    /// <c>Catalog:EditorKeys:N</c> / <c>Catalog:AdminKeys:N</c> still work as <c>editor-N</c> / <c>admin-N</c>.
    /// </summary>
    public KeyRing Ring { get; } = new(
        KeyRing.FromConfiguration(configuration, "Catalog", "Editors", "EditorKeys", EditorRole)
            .Concat(KeyRing.FromConfiguration(configuration, "Catalog", "Admins", "AdminKeys", AdminRole)));
}
