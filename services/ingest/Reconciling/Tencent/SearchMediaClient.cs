using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Ingest.Reconciling.Tencent;

/// <summary>One page of SearchMedia's answer: how many files match in all, and this page's <c>MediaInfo</c> objects.</summary>
public sealed record SearchMediaPage(long TotalCount, IReadOnlyList<JsonElement> MediaInfoSet, int Throttled);

/// <summary>
/// Calls VOD API 3.0 <c>SearchMedia</c> for live recordings created in a window, signed with TC3-HMAC-SHA256.
/// Throttling and transient failures are retried with exponential back-off; refused credentials and other
/// errors are thrown at once as <see cref="ListingFailedException"/>.
/// </summary>
public sealed partial class SearchMediaClient(TencentApiOptions api, ReconcileOptions options, TimeProvider clock, ILogger<SearchMediaClient> logger)
    : IDisposable
{
    public const string Service = "vod";
    public const string Action = "SearchMedia";
    public const string Version = "2018-07-17";
    /// <summary>The API returns nothing past Offset + Limit = 5,000: a window holding more must be split.</summary>
    public const int MaxResults = 5000;
    private static readonly MediaTypeHeaderValue JsonContentType = MediaTypeHeaderValue.Parse("application/json; charset=utf-8");
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(1);

    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = options.RequestTimeout,
    };

    /// <summary>Files of source <c>Record</c> with a creation time in [<paramref name="after"/>, <paramref name="before"/>] (both inclusive), oldest first.</summary>
    public async Task<SearchMediaPage> SearchAsync(DateTimeOffset after, DateTimeOffset before, int offset, int limit, CancellationToken ct)
    {
        var body = RequestBody(after, before, offset, limit);
        var throttled = 0;
        for (var attempt = 1; ; attempt++)
        {
            var (page, error) = await SendAsync(body, ct);
            if (page is not null) return page with { Throttled = throttled };
            var (failure, code, message) = error!.Value;
            if (failure is ListingFailure.AuthFailed or ListingFailure.Rejected || attempt >= options.MaxAttempts)
                throw new ListingFailedException(failure, code, message);
            if (failure == ListingFailure.Throttled) throttled++;
            var delay = Backoff(attempt);
            LogRetrying(logger, code, message, delay.TotalSeconds, attempt);
            await Task.Delay(delay, clock, ct);
        }
    }

    private TimeSpan Backoff(int attempt)
    {
        var delay = options.Backoff * Math.Pow(2, attempt - 1);
        return delay < MaxBackoff ? delay : MaxBackoff;
    }

    private async Task<(SearchMediaPage?, (ListingFailure, string, string)?)> SendAsync(byte[] body, CancellationToken ct)
    {
        using var request = Sign(body);
        try
        {
            using var response = await _http.SendAsync(request, ct);
            var text = await response.Content.ReadAsByteArrayAsync(ct);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
                return (null, (ListingFailure.Throttled, "RequestLimitExceeded", $"HTTP {(int)response.StatusCode}"));
            if ((int)response.StatusCode >= 500)
                return (null, (ListingFailure.Unavailable, $"HTTP{(int)response.StatusCode}", "the API answered with a server error"));
            return Parse(text);
        }
        catch (HttpRequestException ex)
        {
            return (null, (ListingFailure.Unavailable, "Unreachable", ex.Message));
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return (null, (ListingFailure.Unavailable, "Timeout", $"no answer within {options.RequestTimeout.TotalSeconds} s"));
        }
    }

    private static (SearchMediaPage?, (ListingFailure, string, string)?) Parse(byte[] text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException ex)
        {
            return (null, (ListingFailure.Unavailable, "MalformedResponse", ex.Message));
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("Response", out var response) || response.ValueKind != JsonValueKind.Object)
                return (null, (ListingFailure.Unavailable, "MalformedResponse", "the answer has no Response object"));
            if (response.TryGetProperty("Error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                var code = Text(error, "Code") ?? "UnknownError";
                var message = Text(error, "Message") ?? "";
                if (Text(response, "RequestId") is { } requestId) message = $"{message} (RequestId {requestId})";
                return (null, (Classify(code), code, message));
            }
            var total = response.TryGetProperty("TotalCount", out var count) && count.TryGetInt64(out var n) ? n : 0;
            var files = response.TryGetProperty("MediaInfoSet", out var set) && set.ValueKind == JsonValueKind.Array
                ? set.EnumerateArray().Select(e => e.Clone()).ToList()
                : [];
            return (new SearchMediaPage(total, files, 0), null);
        }
    }

    /// <summary>Tencent's common error codes: throttling backs off, refused credentials stop, internal errors retry.</summary>
    private static ListingFailure Classify(string code) => code switch
    {
        _ when code.StartsWith("RequestLimitExceeded", StringComparison.Ordinal) => ListingFailure.Throttled,
        _ when code.StartsWith("AuthFailure", StringComparison.Ordinal) => ListingFailure.AuthFailed,
        _ when code.StartsWith("InternalError", StringComparison.Ordinal)
            || code.StartsWith("ResourceUnavailable", StringComparison.Ordinal) => ListingFailure.Unavailable,
        _ => ListingFailure.Rejected,
    };

    private byte[] RequestBody(DateTimeOffset after, DateTimeOffset before, int offset, int limit)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (api.SubAppId is { } subAppId) json.WriteNumber("SubAppId", subAppId);
            json.WriteStartArray("SourceTypes");
            json.WriteStringValue("Record");
            json.WriteEndArray();
            json.WriteStartObject("CreateTime");
            json.WriteString("After", Iso(after));
            json.WriteString("Before", Iso(before));
            json.WriteEndObject();
            json.WriteStartObject("Sort");
            json.WriteString("Field", "CreateTime");
            json.WriteString("Order", "Asc");
            json.WriteEndObject();
            json.WriteStartArray("Filters");
            json.WriteStringValue("basicInfo");
            json.WriteStringValue("metaData");
            json.WriteEndArray();
            json.WriteNumber("Offset", offset);
            json.WriteNumber("Limit", limit);
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private HttpRequestMessage Sign(byte[] body)
    {
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        var host = api.Endpoint.IsDefaultPort ? api.Endpoint.Host : api.Endpoint.Authority;
        var request = new HttpRequestMessage(HttpMethod.Post, api.Endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = JsonContentType;
        request.Headers.Host = host;
        request.Headers.Add("X-TC-Action", Action);
        request.Headers.Add("X-TC-Version", Version);
        request.Headers.Add("X-TC-Timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(api.Region)) request.Headers.Add("X-TC-Region", api.Region);
        KeyValuePair<string, string>[] signed =
            [new("content-type", JsonContentType.ToString()), new("host", host), new("x-tc-action", Action)];
        request.Headers.TryAddWithoutValidation("Authorization",
            Tc3Signature.Authorization(api.SecretId!, api.SecretKey!, Service, timestamp, signed, body));
        return request;
    }

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public void Dispose() => _http.Dispose();

    [LoggerMessage(LogLevel.Warning, "SearchMedia answered {Code} ({Message}); retrying in {Seconds} s (attempt {Attempt})")]
    private static partial void LogRetrying(ILogger logger, string code, string message, double seconds, int attempt);
}
