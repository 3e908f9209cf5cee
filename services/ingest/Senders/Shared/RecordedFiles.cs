namespace Ingest.Senders.Shared;

/// <summary>Where a media server writes its recordings and where the same files are served: <c>RecordRoot</c>, <c>PublicUrlBase</c>.</summary>
public sealed class RecordedFileOptions
{
    public string? RecordRoot { get; set; }
    public string? PublicUrlBase { get; set; }
}

/// <summary>
/// Turns a recording's path on the media server's disk into the URL it is served at, so the catalog never shows a
/// server's disk path. A path outside the record root is refused (it cannot be served, and may be a forgery).
/// </summary>
public sealed class RecordedFiles
{
    private readonly string _root;
    private readonly string _base;

    public RecordedFiles(string section, RecordedFileOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.RecordRoot) || string.IsNullOrWhiteSpace(options.PublicUrlBase)
            || !Uri.TryCreate(options.PublicUrlBase, UriKind.Absolute, out _) || !options.RecordRoot.StartsWith('/'))
            throw new InvalidOperationException(
                $"{section}:RecordRoot (the absolute folder the server records into) and {section}:PublicUrlBase (an absolute URL serving that folder) are required with {section}.");
        _root = Normalise(options.RecordRoot).TrimEnd('/') + "/";
        _base = options.PublicUrlBase.TrimEnd('/') + "/";
    }

    /// <summary>
    /// The path of a recording under the root (its identity: the server's disk layout stays private) and its public
    /// URL; relative paths are taken from <paramref name="workingDirectory"/>. Null outside the root.
    /// </summary>
    public (string RelativePath, string Url)? Locate(string path, string? workingDirectory = null)
    {
        var full = path.StartsWith('/') ? path : $"{(workingDirectory ?? "/").TrimEnd('/')}/{path}";
        var normal = Normalise(full);
        if (!normal.StartsWith(_root, StringComparison.Ordinal) || normal.Length == _root.Length) return null;
        var relative = normal[_root.Length..];
        return (relative, _base + string.Join('/', relative.Split('/').Select(Uri.EscapeDataString)));
    }

    /// <summary>Resolves <c>.</c> and <c>..</c> and repeated slashes as a POSIX path, without touching the disk.</summary>
    public static string Normalise(string absolute)
    {
        var parts = new List<string>();
        foreach (var part in absolute.Split('/'))
        {
            if (part is "" or ".") continue;
            if (part == "..")
            {
                if (parts.Count > 0) parts.RemoveAt(parts.Count - 1);
                continue;
            }
            parts.Add(part);
        }
        return "/" + string.Join('/', parts);
    }
}
