using Contracts.Recordings;
using EventLog;
using Ingest.Callbacks;
using Ingest.Callbacks.Receiving;
using Ingest.Committing;
using Ingest.Quarantine;
using Ingest.Quarantine.Listing;
using Ingest.Quarantine.Replaying;
using Ingest.Reconciling;
using Ingest.Tencent;

namespace Ingest;

public static class IngestModule
{
    /// <summary>Registers the callback pipeline; refuses to start without a callback key unless unsigned callbacks are allowed.</summary>
    public static IHostApplicationBuilder AddIngest(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var ingest = configuration.GetSection(IngestOptions.Section).Get<IngestOptions>() ?? new IngestOptions();
        var tencent = configuration.GetSection(TencentOptions.Section).Get<TencentOptions>() ?? new TencentOptions();
        if (string.IsNullOrEmpty(tencent.CallbackKey) && !tencent.AllowUnsignedCallbacks)
            throw new InvalidOperationException(
                "Set Tencent:CallbackKey (env Tencent__CallbackKey), or Tencent:AllowUnsignedCallbacks=true for development only.");

        var services = builder.Services;
        services.AddEventLog(configuration, types => types.Register(RecordingEventTypes.All));
        services.AddSingleton(ingest);
        services.AddSingleton(tencent);
        services.AddSingleton(new AnchorIds(ingest.AnchorId));
        services.AddSingleton<TencentSignature>();
        services.AddSingleton<TencentCallbackParser>();
        services.AddSingleton<GroupCommitter>();
        services.AddHostedService(sp => sp.GetRequiredService<GroupCommitter>());
        services.AddSingleton<TencentCallbackPipeline>();
        services.AddSingleton<QuarantineStore>();
        services.AddSingleton<QuarantineSizeGauge>();
        services.AddHostedService(sp => sp.GetRequiredService<QuarantineSizeGauge>());
        services.AddSingleton<AdminKeyFilter>();
        builder.AddReconciling();
        return builder;
    }

    public static IEndpointRouteBuilder MapIngest(this IEndpointRouteBuilder app)
    {
        app.MapReceiveTencentCallback();
        var admin = app.MapGroup("/admin/quarantine").AddEndpointFilter<AdminKeyFilter>();
        admin.MapGet("/", ListQuarantine.ListAsync);
        admin.MapGet("/{id:long}", ListQuarantine.GetAsync);
        admin.MapPost("/{id:long}/replay", ReplayQuarantined.ReplayAsync);
        app.MapReconciling();
        return app;
    }
}
