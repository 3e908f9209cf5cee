using System.Collections.ObjectModel;
using System.Text;
using Ingest.Senders.Shared;
using Microsoft.AspNetCore.WebUtilities;

namespace Ingest.Senders;

/// <summary>
/// A callback as a sender adapter sees it: the raw body, the headers and query it came with, and when it arrived
/// (for a replay, when it first arrived: senders without times of their own date files by it).
/// </summary>
public sealed record SenderRequest(
    ReadOnlyMemory<byte> Body,
    IReadOnlyDictionary<string, string> Headers,
    IReadOnlyDictionary<string, string> Query,
    DateTimeOffset ReceivedAt)
{
    public static SenderRequest From(ReadOnlyMemory<byte> body, IEnumerable<KeyValuePair<string, string>> headers, string pathAndQuery, DateTimeOffset receivedAt) =>
        WithHeaders(body, new Dictionary<string, string>(headers, StringComparer.OrdinalIgnoreCase), pathAndQuery, receivedAt);

    /// <summary>As <see cref="From"/>, for headers that are already looked up without regard to case (a request's own): not copied.</summary>
    public static SenderRequest WithHeaders(ReadOnlyMemory<byte> body, IReadOnlyDictionary<string, string> caseInsensitiveHeaders, string pathAndQuery, DateTimeOffset receivedAt)
    {
        var q = pathAndQuery.IndexOf('?');
        IReadOnlyDictionary<string, string> query = q < 0
            ? ReadOnlyDictionary<string, string>.Empty
            : QueryHelpers.ParseQuery(pathAndQuery[q..]).ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
        return new SenderRequest(body, caseInsensitiveHeaders, query, receivedAt);
    }

    // A sender that authenticates from its body (Tencent signs inside it) parses the same document: the body is read once.
    private JsonBody.Opened? _json;

    internal JsonBody.Opened Json() => _json ??= JsonBody.Open(Body);

    internal void CloseJson()
    {
        _json?.Dispose();
        _json = null;
    }

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public string? QueryValue(string name) => Query.TryGetValue(name, out var value) ? value : null;

    /// <summary>The body as form fields (<c>application/x-www-form-urlencoded</c>), last value of a repeated name.</summary>
    public IReadOnlyDictionary<string, string> Form() =>
        QueryHelpers.ParseQuery(Encoding.UTF8.GetString(Body.Span)).ToDictionary(p => p.Key, p => p.Value[^1] ?? "", StringComparer.Ordinal);
}
