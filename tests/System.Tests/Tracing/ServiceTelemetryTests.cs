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

        var server = await receiver.WaitForAsync(r => r.Spans.FirstOrDefault(s =>
            s.Service == "ingest-under-test" && s.Scope == "Microsoft.AspNetCore" && s.Name == "GET /readyz"), TimeSpan.FromSeconds(20), "the /readyz server span");
        Assert.Equal(2, server.Kind); // SPAN_KIND_SERVER

        // The readiness check queries PostgreSQL inside the request, so Npgsql's span is a child in the same trace.
        await receiver.WaitForAsync(r => r.Spans.FirstOrDefault(s =>
            s.Scope == "Npgsql" && s.TraceId == server.TraceId), TimeSpan.FromSeconds(20), "an Npgsql span in the request's trace");
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
