using Contracts.Recordings;
using EventLog;
using Ingest.Callbacks;
using Ingest.Committing;
using Ingest.LiveStreams;
using Ingest.Quarantine;
using Ingest.Quarantine.Listing;
using Ingest.Quarantine.Replaying;
using Ingest.Reconciling;
using Ingest.Senders;
using Ingest.Tencent;

namespace Ingest;

public static class IngestModule
{
    /// <summary>Registers the callback pipeline and every sender; each sender stays off until its section is configured.</summary>
    public static IHostApplicationBuilder AddIngest(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var ingest = configuration.GetSection(IngestOptions.Section).Get<IngestOptions>() ?? new IngestOptions();
        var tencent = configuration.GetSection(TencentOptions.Section).Get<TencentOptions>() ?? new TencentOptions();

        var services = builder.Services;
        services.AddEventLog(configuration, types => types.Register(RecordingEventTypes.All));
        services.AddSingleton(ingest);
        services.AddSingleton(tencent);
        services.AddSingleton(new AnchorIds(ingest.AnchorId));
        services.AddSingleton<TencentSignature>();
        services.AddSingleton<TencentCallbackParser>();
        services.AddSingleton<GroupCommitter>();
        services.AddHostedService(sp => sp.GetRequiredService<GroupCommitter>());
        services.AddSingleton<CallbackPipeline>();
        services.AddSenders();
        services.AddSingleton<QuarantineStore>();
        services.AddSingleton<QuarantineSizeGauge>();
        services.AddHostedService(sp => sp.GetRequiredService<QuarantineSizeGauge>());
        services.AddSingleton<AdminKeyFilter>();
        services.AddOpenApi();
        builder.AddReconciling();
        return builder;
    }

    public static IEndpointRouteBuilder MapIngest(this IEndpointRouteBuilder app)
    {
        app.MapSenders();
        app.MapOpenApi();
        app.MapGroup("/admin/quarantine").AddEndpointFilter<AdminKeyFilter>().ProducesProblem(StatusCodes.Status401Unauthorized)
            .MapListQuarantine()
            .MapReplayQuarantined();
        app.MapReconciling();
        return app;
    }
}
