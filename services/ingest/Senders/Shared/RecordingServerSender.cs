using System.Text.Json;
using Contracts.Recordings;
using Ingest.Callbacks;
using Ingest.LiveStreams;
using Microsoft.AspNetCore.Http;

namespace Ingest.Senders.Shared;

/// <summary>
/// Settings of a media server that calls a URL carrying <c>?token=</c> and reports files on its own disk (section
/// <c>{Section}</c>): off until <c>Token</c> is set; then <c>RecordRoot</c> and <c>PublicUrlBase</c> are required.
/// </summary>
public sealed class RecordingServerOptions
{
    public string? Token { get; set; }

    /// <summary>The token being rotated out; accepted too until it is removed.</summary>
    public string? PreviousToken { get; set; }

    /// <summary>The folder the server records into, as the server sees it.</summary>
    public string? RecordRoot { get; set; }

    /// <summary>The URL that serves <c>RecordRoot</c> (a web server location, a CDN, a bucket the files are copied to).</summary>
    public string? PublicUrlBase { get; set; }
}

/// <summary>What nginx-rtmp, SRS and ZLMediaKit share: a query token checked in constant time, files located under a record root.</summary>
public abstract class RecordingServerSender : ISender
{
    private readonly string _section;
    private readonly SharedToken _token;
    private readonly RecordedFiles? _files;

    protected RecordingServerSender(SenderSettings settings, string section)
    {
        _section = section;
        var options = settings.Bind<RecordingServerOptions>(section);
        _token = new SharedToken("query parameter 'token'", options.Token, options.PreviousToken);
        _files = _token.Configured
            ? new RecordedFiles(section, new RecordedFileOptions { RecordRoot = options.RecordRoot, PublicUrlBase = options.PublicUrlBase })
            : null;
        Anchors = settings.AnchorsFor(section);
    }

    public abstract string Provider { get; }

    protected AnchorIds Anchors { get; }

    public string? NotConfigured => _token.Configured ? null : $"set {_section}:Token, {_section}:RecordRoot and {_section}:PublicUrlBase";

    // The token is masked in quarantine: a replay trusts the check made when the callback arrived.
    public bool ProofIsKept => false;

    public IReadOnlyCollection<string> SecretQueryParameters => ["token"];

    public Refusal? Authenticate(SenderRequest request, DateTimeOffset now, bool acceptExpired) => _token.Verify(request.QueryValue("token"));

    public abstract SenderParse Parse(SenderRequest request);

    public abstract IResult Acknowledge();

    /// <summary>The file's id under the record root and its public URL, or the refusal of a file outside it.</summary>
    protected (string RelativePath, string Url)? Locate(string path, string? workingDirectory, string field, out Refusal? refusal)
    {
        var located = _files!.Locate(path, workingDirectory);
        refusal = located is null
            ? new Refusal(RefusalKind.InvalidField, $"'{field}' {path} is not under {_section}:RecordRoot: its public URL is unknown.")
            : null;
        return located;
    }

    /// <summary>What a media server's callback tells beside the file: its app, its publish arguments (a query string, '?' or not), the fields left.</summary>
    protected static RecordingDetails Details(string app, string? publishArgs, JsonElement? rest) =>
        new(null, app, null, publishArgs?.TrimStart('?') is { Length: > 0 } args ? args : null, null, null, null, null, null, rest);

    /// <summary>The file's format: its extension, lower case.</summary>
    protected static string FormatOf(string path, string fallback) =>
        Path.GetExtension(path).TrimStart('.').ToLowerInvariant() is { Length: > 0 } ext ? ext : fallback;
}
