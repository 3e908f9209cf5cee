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
        var env = receiver.EnvironmentFor("ingest-quiet");
        env.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        await using var ingest = Services.StartIngest(db, env);
        await ingest.WaitUntilAsync("/readyz", TimeSpan.FromSeconds(60));
        await ingest.Http.GetAsync("/healthz");
        await Task.Delay(1500);

        Assert.Empty(receiver.Payloads);
    }
}
