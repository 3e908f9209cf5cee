using Ingest.Quarantine;
using Ingest.Reconciling.Reporting;
using Ingest.Reconciling.Requesting;
using Ingest.Reconciling.Running;
using Ingest.Reconciling.Tencent;

namespace Ingest.Reconciling;

public static class ReconcilingModule
{
    /// <summary>Registers the reconciler; it runs only when Tencent API credentials are configured.</summary>
    public static IHostApplicationBuilder AddReconciling(this IHostApplicationBuilder builder)
    {
        var api = builder.Configuration.GetSection(TencentApiOptions.Section).Get<TencentApiOptions>() ?? new TencentApiOptions();
        var options = builder.Configuration.GetSection(ReconcileOptions.Section).Get<ReconcileOptions>() ?? new ReconcileOptions();
        var services = builder.Services;
        services.AddSingleton(api);
        services.AddSingleton(options);
        services.AddSingleton<ReconcileStore>();
        if (!api.Configured) return builder;

        services.AddSingleton<SearchMediaClient>();
        services.AddSingleton<MediaInfoCallbacks>();
        services.AddSingleton<IRecordingLister, TencentRecordingLister>();
        services.AddSingleton<Reconciler>();
        services.AddHostedService<ReconcileRunner>();
        return builder;
    }

    public static IEndpointRouteBuilder MapReconciling(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/admin/reconcile").AddEndpointFilter<AdminKeyFilter>().ProducesProblem(StatusCodes.Status401Unauthorized)
            .MapGetReconcileStatus()
            .MapRequestReconcile();
        return app;
    }
}
