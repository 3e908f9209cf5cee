using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ServiceDefaults.Health;
using ServiceDefaults.Logging;
using ServiceDefaults.Problems;
using ServiceDefaults.Telemetry;

namespace ServiceDefaults;

/// <summary>What every service of the catalog shares: problem details, health endpoints, logging, telemetry, shutdown.</summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>Default grace period; below Kubernetes' 30 s terminationGracePeriodSeconds so the pod is not killed mid-drain.</summary>
    public const int DefaultShutdownSeconds = 25;

    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemMapping();
        builder.Services.AddHealthChecks();
        builder.AddLoggingDefaults();
        builder.AddTelemetry();
        // Kestrel drains in-flight requests and subscription runners roll back their open batch within this time.
        var seconds = builder.Configuration.GetValue("Shutdown:TimeoutSeconds", DefaultShutdownSeconds);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(seconds));
        return builder;
    }

    /// <summary>Problem documents for every refusal and fault, health endpoints (<c>/healthz</c>, <c>/readyz</c>) and the HTTP server span's route name.</summary>
    public static WebApplication MapServiceDefaults(this WebApplication app)
    {
        app.UseProblemDetailsEverywhere();
        app.MapHealthEndpoints();
        app.UseHttpActivityEnrichment();
        return app;
    }
}
