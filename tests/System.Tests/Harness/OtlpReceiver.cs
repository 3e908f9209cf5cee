using System.Collections.Concurrent;
using System.Net;
using Google.Protobuf;
using SystemTests.Otlp;

using Testing;

namespace SystemTests.Harness;

/// <summary>
/// A minimal OTLP/HTTP (protobuf) receiver on a free loopback port: accepts <c>POST /v1/traces</c>, <c>/v1/metrics</c>
/// and <c>/v1/logs</c>, decodes the spans and keeps every payload for the tests to inspect.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<ReceivedSpan> _spans = new();
    private readonly ConcurrentQueue<(string Path, byte[] Body)> _payloads = new();
    private readonly Task _loop;

    public sealed record ReceivedSpan(string Service, string Scope, string TraceId, string SpanId, string ParentSpanId, string Name, int Kind, IReadOnlyList<string> LinkedTraceIds);

    public OtlpReceiver()
    {
        Port = FreePort.Next();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }
    public string Endpoint => $"http://127.0.0.1:{Port}";
    public IReadOnlyList<ReceivedSpan> Spans => _spans.ToArray();
    public IReadOnlyList<(string Path, byte[] Body)> Payloads => _payloads.ToArray();

    /// <summary>The variables that point a service's exporter here, with short export intervals for tests.</summary>
    public Dictionary<string, string> EnvironmentFor(string serviceName) => new()
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Endpoint,
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_SERVICE_NAME"] = serviceName,
        ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        ["OTEL_BLRP_SCHEDULE_DELAY"] = "200",
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
        ["Telemetry__LagRefreshSeconds"] = "0.5",
    };

    public async Task<T> WaitForAsync<T>(Func<OtlpReceiver, T?> probe, TimeSpan timeout, string what) where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (probe(this) is { } found) return found;
            await Task.Delay(200);
        }
        var seen = string.Join('\n', Spans.Select(s => $"{s.Service} {s.Scope} {s.TraceId} {s.Name}"));
        throw new TimeoutException($"OTLP receiver: {what} not seen within {timeout}. Spans seen:\n{seen}");
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var path = context.Request.Url!.AbsolutePath;
            _payloads.Enqueue((path, body.ToArray()));
            if (path == "/v1/traces") Decode(body.ToArray());
            // An empty protobuf message is a valid Export*ServiceResponse.
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }

    private void Decode(byte[] body)
    {
        var request = ExportTraceServiceRequest.Parser.ParseFrom(body);
        foreach (var resource in request.ResourceSpans)
        {
            var service = resource.Resource?.Attributes.FirstOrDefault(a => a.Key == "service.name")?.Value?.StringValue ?? "";
            foreach (var scope in resource.ScopeSpans)
            foreach (var span in scope.Spans)
                _spans.Enqueue(new ReceivedSpan(service, scope.Scope?.Name ?? "", Hex(span.TraceId), Hex(span.SpanId), Hex(span.ParentSpanId), span.Name, span.Kind,
                    span.Links.Select(l => Hex(l.TraceId)).ToList()));
        }
    }

    private static string Hex(ByteString bytes) => Convert.ToHexStringLower(bytes.Span);

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
