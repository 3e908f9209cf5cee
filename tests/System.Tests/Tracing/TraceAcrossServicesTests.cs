using System.Diagnostics;
using System.Net;
using System.Text;
using SystemTests.Harness;
using Testing;

namespace SystemTests.Tracing;

/// <summary>A signed callback into ingest, projected by catalog: one trace, spans from both services.</summary>
public sealed class TraceAcrossServicesTests
{
    [Fact]
    public async Task OneTraceSpansTheCallbackTheAppendAndTheProjectionThatAppliedIt()
    {
        await using var receiver = new OtlpReceiver();
        var db = await TestPostgres.NewDatabaseAsync();
        await using var ingest = Services.StartIngest(db, receiver.EnvironmentFor("ingest"));
        await using var catalog = Services.StartCatalog(db, receiver.EnvironmentFor("catalog"));
        await ingest.WaitUntilAsync("/readyz", TimeSpan.FromSeconds(60));
        await catalog.WaitUntilAsync("/readyz", TimeSpan.FromSeconds(60));

        // The caller starts the trace, so its id is known before any span arrives.
        var traceId = ActivityTraceId.CreateRandom();
        var anchorId = $"anchor{Random.Shared.Next(100_000, 999_999)}";
        var (json, sign) = TencentCallbacks.RecordingFile(Services.CallbackKey, anchorId,
            DateTimeOffset.UtcNow.AddMinutes(-40), 1800, DateTimeOffset.UtcNow);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/callbacks/tencent")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        using var response = await ingest.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        await WaitForProgramAsync(catalog, anchorId);

        // The same program over gRPC, on the catalog's own HTTP/2 port (as the containers and Services expose it).
        var grpc = await GrpcCall.UnaryAsync(catalog.GrpcAddress!, "/catalog.v1.CatalogService/ListAnchorPrograms", GrpcCall.StringField1(anchorId));
        Assert.Equal((HttpStatusCode.OK, "application/grpc", "0"), (grpc.Status, grpc.ContentType, grpc.GrpcStatus));
        Assert.Contains(anchorId, Encoding.UTF8.GetString(grpc.Message));

        var id = traceId.ToHexString();
        await receiver.WaitForAsync(r => r.Spans.FirstOrDefault(s =>
            s.Service == "ingest" && s.TraceId == id && s.Scope == "Microsoft.AspNetCore" && s.Name == "POST /callbacks/tencent"),
            TimeSpan.FromSeconds(20), "ingest's callback server span");
        // A group commit continues its first callback's trace and links the others: this callback's append is in its
        // trace, or in a commit trace that links to it.
        await receiver.WaitForAsync(r => r.Spans.FirstOrDefault(s =>
            s.Service == "ingest" && s.Scope == "EventLog" && s.Name == "eventlog append" && (s.TraceId == id
                || r.Spans.Any(c => c.TraceId == s.TraceId && c.Name == "ingest commit" && c.LinkedTraceIds.Contains(id)))),
            TimeSpan.FromSeconds(20), "ingest's append span in or linked to the callback's trace");
        await receiver.WaitForAsync(r => r.Spans.FirstOrDefault(s =>
            s.Service == "catalog" && s.TraceId == id && s.Scope == "EventLog" && s.Name.StartsWith("eventlog handle ")),
            TimeSpan.FromSeconds(20), "catalog's projection span in the callback's trace");
        await receiver.WaitForAsync(r => r.Spans.FirstOrDefault(s =>
            s.TraceId == id && s.Scope == "Npgsql"),
            TimeSpan.FromSeconds(20), "an Npgsql span in the callback's trace");

        // The metrics the dashboards need arrive too: callbacks by outcome, append latency, subscription lag.
        foreach (var metric in new[] { "ingest.callbacks", "eventlog.append.duration", "eventlog.subscription.lag.events", "eventlog.subscription.lag.seconds" })
            await receiver.WaitForAsync(r => r.Payloads.FirstOrDefault(p =>
                p.Path == "/v1/metrics" && Encoding.UTF8.GetString(p.Body).Contains(metric)) is { } found ? found.Body : null,
                TimeSpan.FromSeconds(20), $"metric {metric}");

        // Neither the signature nor the key may leak into logs, spans or metrics.
        var exported = string.Join('\n', receiver.Payloads.Select(p => Encoding.UTF8.GetString(p.Body)));
        foreach (var secret in new[] { sign, Services.CallbackKey })
        {
            Assert.DoesNotContain(secret, exported);
            Assert.DoesNotContain(ingest.Output, l => l.Contains(secret));
        }
    }

    /// <summary>Polls the catalog's REST API until the anchor's program history lists a program.</summary>
    private static Task WaitForProgramAsync(ServiceProcess catalog, string anchorId) => Eventually.TrueAsync(async () =>
    {
        using var response = await catalog.Http.GetAsync($"/v1/anchors/{anchorId}/programs");
        return response.IsSuccessStatusCode && (await response.Content.ReadAsStringAsync()).Contains(anchorId);
    }, $"the program of {anchorId} in catalog");
}
