using Catalog.Grpc.Health.V1;
using Catalog.Grpc.Transport;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using static Catalog.Grpc.Health.V1.HealthCheckResponse.Types;

namespace Catalog.Grpc.Health;

/// <summary>
/// <c>grpc.health.v1.Health</c> for the whole server ("") and <c>catalog.v1.CatalogService</c>: SERVING exactly when
/// <c>/readyz</c> answers 200, since both run the checks tagged "ready" (database, event log schema, projection lag).
/// </summary>
public sealed class HealthGrpcService(HealthCheckService checks, IOptions<CatalogGrpcOptions> options, TimeProvider clock)
{
    public const string ServiceName = "grpc.health.v1.Health";

    private static readonly HashSet<string> Known = new(["", CatalogGrpcModule.ServiceName], StringComparer.Ordinal);

    public async Task<HealthCheckResponse> Check(HealthCheckRequest request, GrpcCallContext call)
    {
        if (!Known.Contains(request.Service)) throw new GrpcException(GrpcStatusCode.NotFound, $"Unknown service '{request.Service}'.");
        return new HealthCheckResponse { Status = await ReadinessAsync(call.CancellationToken) };
    }

    /// <summary>
    /// The status now, then each change, until the call ends. Readiness has no change signal of its own (a database
    /// that goes away says nothing), so it is evaluated again every <c>Catalog:Grpc:HealthWatchInterval</c>.
    /// </summary>
    public async Task Watch(HealthCheckRequest request, IGrpcStreamWriter<HealthCheckResponse> writer, GrpcCallContext call)
    {
        var ct = call.CancellationToken;
        ServingStatus? sent = null;
        while (true)
        {
            var status = Known.Contains(request.Service) ? await ReadinessAsync(ct) : ServingStatus.ServiceUnknown;
            if (status != sent)
            {
                await writer.WriteAsync(new HealthCheckResponse { Status = status }, ct);
                sent = status;
            }
            await Task.Delay(options.Value.HealthWatchInterval, clock, ct);
        }
    }

    private async Task<ServingStatus> ReadinessAsync(CancellationToken ct)
    {
        var report = await checks.CheckHealthAsync(check => check.Tags.Contains("ready"), ct);
        // As /readyz: only Unhealthy answers 503 there.
        return report.Status == HealthStatus.Unhealthy ? ServingStatus.NotServing : ServingStatus.Serving;
    }
}
