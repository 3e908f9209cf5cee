using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Testing.Tencent;

/// <summary>One SearchMedia call as the stand-in saw it, and the error code it answered (null: a page of results).</summary>
public sealed record SearchMediaCall(DateTimeOffset? After, DateTimeOffset? Before, int Offset, int Limit, string? ErrorCode);

/// <summary>
/// A stand-in for Tencent VOD's API 3.0 <c>SearchMedia</c> on a loopback port: the documented request and response
/// shapes (<c>Response.TotalCount</c>/<c>MediaInfoSet</c>, or <c>Response.Error</c>), TC3-HMAC-SHA256 checked with its
/// own secret, Offset + Limit capped at 5,000, and throttling on demand.
/// </summary>
public sealed class SearchMediaStandIn : IAsyncDisposable
{
    public const string SecretId = "AKIDstandin0000000000000000000000000";
    private const int MaxResults = 5000;
    private readonly HttpListener _listener = new();
    private readonly Lock _gate = new();
    private readonly List<VodRecording> _recordings = [];
    private readonly ConcurrentQueue<SearchMediaCall> _calls = new();
    private readonly Task _loop;
    // Set before the listener stops: its pending accept may fail on the stopping thread before IsListening turns false.
    private volatile bool _stopping;
    private int _answered;
    private int _throttleFrom;
    private int _throttleTo;

    public SearchMediaStandIn(string secretKey)
    {
        SecretKey = secretKey;
        Endpoint = new Uri($"http://127.0.0.1:{FreePort.Next()}/");
        _listener.Prefixes.Add(Endpoint.ToString());
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    public Uri Endpoint { get; }
    public string SecretKey { get; }
    public IReadOnlyList<SearchMediaCall> Calls => _calls.ToArray();

    /// <summary>The settings that point ingest's reconciler here.</summary>
    public Dictionary<string, string?> Settings(string? secretKey = null) => new()
    {
        ["Tencent:Api:SecretId"] = SecretId,
        ["Tencent:Api:SecretKey"] = secretKey ?? SecretKey,
        ["Tencent:Api:Endpoint"] = Endpoint.ToString(),
    };

    public void Add(IEnumerable<VodRecording> recordings)
    {
        lock (_gate) _recordings.AddRange(recordings);
    }

    /// <summary>Forgets the recordings, the calls seen and any throttling, as a new stand-in on the same port.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _recordings.Clear();
            _calls.Clear();
            _throttleFrom = _throttleTo = _answered;
        }
    }

    /// <summary>After the next <paramref name="after"/> calls, <paramref name="count"/> calls are answered <c>RequestLimitExceeded</c>.</summary>
    public void Throttle(int count, int after = 0)
    {
        lock (_gate) (_throttleFrom, _throttleTo) = (_answered + after, _answered + after + count);
    }

    private async Task AcceptAsync()
    {
        while (!_stopping)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stopping)
            {
                return;
            }
            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.InputStream.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var answer = Answer(context.Request, body);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object?> { ["Response"] = answer });
        // The API answers 200 even for errors: the error is in Response.Error.
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }

    private Dictionary<string, object?> Answer(HttpListenerRequest request, byte[] body)
    {
        var requestId = Guid.NewGuid().ToString();
        if (request.HttpMethod != "POST" || request.Headers["X-TC-Action"] != "SearchMedia" || request.Headers["X-TC-Version"] != "2018-07-17")
            return Error(null, "InvalidAction", "Only SearchMedia of version 2018-07-17 is served here.", requestId);
        if (StandInSignature.Check(request.Headers, body, SecretId, SecretKey, DateTimeOffset.UtcNow) is { } refused)
            return Error(null, refused.Code, refused.Message, requestId);

        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        var after = Time(root, "After");
        var before = Time(root, "Before");
        var offset = root.TryGetProperty("Offset", out var o) ? o.GetInt32() : 0;
        var limit = root.TryGetProperty("Limit", out var l) ? l.GetInt32() : 10;
        var call = new SearchMediaCall(after, before, offset, limit, null);
        bool throttled;
        lock (_gate) throttled = _answered++ is var index && index >= _throttleFrom && index < _throttleTo;
        if (throttled)
            return Error(call, "RequestLimitExceeded", "The number of requests exceeds the frequency limit.", requestId);
        if (offset + limit > MaxResults)
            return Error(call, "InvalidParameterValue.Limit", "Offset + Limit must not exceed 5000.", requestId);

        var sources = Strings(root, "SourceTypes");
        var filters = Strings(root, "Filters");
        var descending = root.TryGetProperty("Sort", out var sort) && sort.TryGetProperty("Order", out var order) && order.GetString() == "Desc";
        List<VodRecording> matching;
        lock (_gate)
            matching = _recordings
                .Where(r => sources.Count == 0 || sources.Contains("Record"))
                .Where(r => (after is null || Second(r.CreatedAt) >= after) && (before is null || Second(r.CreatedAt) <= before))
                .ToList();
        var ordered = descending
            ? matching.OrderByDescending(r => r.CreatedAt).ThenBy(r => r.FileId, StringComparer.Ordinal)
            : matching.OrderBy(r => r.CreatedAt).ThenBy(r => r.FileId, StringComparer.Ordinal);
        _calls.Enqueue(call);
        return new Dictionary<string, object?>
        {
            ["TotalCount"] = matching.Count,
            ["MediaInfoSet"] = ordered.Skip(offset).Take(limit).Select(r => r.MediaInfo(filters)).ToList(),
            ["RequestId"] = requestId,
        };
    }

    private Dictionary<string, object?> Error(SearchMediaCall? call, string code, string message, string requestId)
    {
        _calls.Enqueue((call ?? new SearchMediaCall(null, null, 0, 0, null)) with { ErrorCode = code });
        return new Dictionary<string, object?>
        {
            ["Error"] = new Dictionary<string, object?> { ["Code"] = code, ["Message"] = message },
            ["RequestId"] = requestId,
        };
    }

    private static DateTimeOffset? Time(JsonElement root, string name) =>
        root.TryGetProperty("CreateTime", out var range) && range.TryGetProperty(name, out var value)
            ? DateTimeOffset.Parse(value.GetString()!, CultureInfo.InvariantCulture)
            : null;

    private static List<string> Strings(JsonElement root, string name) =>
        root.TryGetProperty(name, out var array) ? array.EnumerateArray().Select(e => e.GetString()!).ToList() : [];

    // Creation times are whole seconds in the API's ISO 8601 form.
    private static DateTimeOffset Second(DateTimeOffset time) => DateTimeOffset.FromUnixTimeSeconds(time.ToUnixTimeSeconds());

    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
