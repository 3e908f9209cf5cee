using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ServiceDefaults.Telemetry;

/// <summary>
/// OpenTelemetry through <see cref="OpenTelemetrySdk.Create"/> (the hosting package is not installable here):
/// traces, metrics and logs over OTLP, configured by the standard <c>OTEL_*</c> variables, off when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is unset.
/// </summary>
public static class TelemetrySetup
{
    public static readonly string[] ActivitySources = ["Ingest", "Catalog", "EventLog", "Microsoft.AspNetCore", "System.Net.Http", "Npgsql"];

    public static readonly string[] Meters =
    [
        // The event log's meters by name (its subscription lag gauges among them): the defaults do not depend on the log.
        "Ingest", "Catalog", "EventLog", "EventLog.Subscriptions",
        "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Net.Http", "Npgsql",
    ];

    public static bool IsEnabled(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

    public static IHostApplicationBuilder AddTelemetry(this IHostApplicationBuilder builder)
    {
        if (!IsEnabled(builder.Configuration)) return builder;

        var serviceName = builder.Configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name
            ? name
            : builder.Environment.ApplicationName.ToLowerInvariant();
        var version = typeof(TelemetrySetup).Assembly.GetName().Version?.ToString() ?? "0";

        // Created by the container so that it is disposed (and flushed) when the host stops, after Kestrel has drained.
        builder.Services.AddSingleton(_ => OpenTelemetrySdk.Create(otel => otel
            .ConfigureResource(r => r.AddService(serviceName, serviceVersion: version, serviceInstanceId: Environment.MachineName))
            .WithTracing(t => t
                .AddSource(ActivitySources)
                .AddProcessor(new RedactingProcessor())
                .AddOtlpExporter())
            .WithMetrics(m => m
                .AddMeter(Meters)
                .AddOtlpExporter())
            .WithLogging(l => l.AddOtlpExporter(), o =>
            {
                o.IncludeFormattedMessage = true;
                o.IncludeScopes = true;
            })));
        builder.Services.AddSingleton<ILoggerProvider, OtlpLoggerProvider>();
        builder.Services.AddHostedService<TelemetryHost>();
        return builder;
    }
}

/// <summary>Hands the host's log records to the SDK's logger factory, so they leave over OTLP too.</summary>
internal sealed class OtlpLoggerProvider(OpenTelemetrySdk sdk) : ILoggerProvider
{
    private readonly ILoggerFactory _factory = sdk.GetLoggerFactory();

    public ILogger CreateLogger(string categoryName) => _factory.CreateLogger(categoryName);

    public void Dispose() => _factory.Dispose();
}

/// <summary>Creates the SDK before the first request is served, and flushes it at shutdown.</summary>
internal sealed class TelemetryHost(OpenTelemetrySdk sdk) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken)
    {
        sdk.TracerProvider.ForceFlush(5000);
        sdk.MeterProvider.ForceFlush(5000);
        sdk.LoggerProvider.ForceFlush(5000);
        return Task.CompletedTask;
    }
}
