using System.Text;
using SystemTests.Harness;
using Testing;

namespace SystemTests.Tracing;

public sealed class ServiceTelemetryTests
{
    [Fact]
    public async Task AServiceExportsItsHttpServerAndNpgsqlSpansOverOtlp()
    {
        await using var receiver = new OtlpReceiver();
        var db = await TestPostgres.NewDatabaseAsync();
        await using var ingest = Services.StartIngest(db, receiver.EnvironmentFor("ingest-under-test"));
        await ingest.WaitUntilAsync("/readyz", TimeSpan.FromSeconds(60));

        // A ready answer means the check queried PostgreSQL inside the request: Npgsql's span is in the same trace.
        var server = await receiver.WaitForAsync(r => r.Spans.FirstOrDefault(s =>
            s.Service == "ingest-under-test" && s.Scope == "Microsoft.AspNetCore" && s.Name == "GET /readyz"
            && r.Spans.Any(n => n.Scope == "Npgsql" && n.TraceId == s.TraceId)), TimeSpan.FromSeconds(20),
            "a /readyz server span with an Npgsql span in its trace");
        Assert.Equal(2, server.Kind); // SPAN_KIND_SERVER
    }

    [Fact]
    public async Task WithoutAnOtlpEndpointNothingIsExported()
    {
        await using var receiver = new OtlpReceiver();
        var db = await TestPostgres.NewDatabaseAsync();
        var quietEnvironment = receiver.EnvironmentFor("ingest-quiet");
        quietEnvironment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        await using var quiet = Services.StartIngest(db, quietEnvironment);
        // A twin with an endpoint does the same work, later: once its traces, metrics and logs have all arrived, the
        // quiet one's would have too, had it any exporter (same export intervals, earlier work).
        await using var exporting = Services.StartIngest(db, receiver.EnvironmentFor("ingest-exporting"));
        await quiet.WaitUntilAsync("/readyz", TimeSpan.FromSeconds(60));
        await exporting.WaitUntilAsync("/readyz", TimeSpan.FromSeconds(60));
        await quiet.Http.GetAsync("/readyz");
        await exporting.Http.GetAsync("/readyz");
        await receiver.WaitForAsync(r => r.Spans.FirstOrDefault(s => s.Service == "ingest-exporting" && s.Name == "GET /readyz"),
            TimeSpan.FromSeconds(20), "the exporting twin's /readyz span");
        foreach (var signal in new[] { "/v1/metrics", "/v1/logs" })
            await receiver.WaitForAsync(r => r.Payloads.FirstOrDefault(p => p.Path == signal && Mentions(p.Body, "ingest-exporting")).Body,
                TimeSpan.FromSeconds(20), $"the exporting twin's {signal}");

        Assert.DoesNotContain(receiver.Spans, s => s.Service == "ingest-quiet");
        Assert.DoesNotContain(receiver.Payloads, p => Mentions(p.Body, "ingest-quiet"));
    }

    private static bool Mentions(byte[] payload, string serviceName) => Encoding.UTF8.GetString(payload).Contains(serviceName);
}
