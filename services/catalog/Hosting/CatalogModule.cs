using Catalog.Anchors.Listing;
using Catalog.Caching;
using Catalog.Replicas;
using Catalog.Feeds;
using Catalog.Feeds.Curating;
using Catalog.Feeds.Getting;
using Catalog.Feeds.Listing;
using Catalog.Media;
using Catalog.Paging;
using Catalog.Feeds.Projecting;
using Catalog.Programs;
using Catalog.Programs.Getting;
using Catalog.Programs.Listing;
using Catalog.Programs.Moderating;
using Catalog.Programs.Projecting;
using Catalog.Projections;
using Catalog.Projections.Rebuilding;
using Catalog.SigningIn;
using Contracts.Recordings;
using EventLog;
using Npgsql;

namespace Catalog.Hosting;

public static class CatalogModule
{
    /// <summary>The event log with recording and curation events, the projections and their host, queries, curation, rebuilds.</summary>
    public static IHostApplicationBuilder AddCatalog(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddEventLog(builder.Configuration, types => types.Register(RecordingEventTypes.All).AddFeedEvents().AddModerationEvents());
        services.Configure<CatalogOptions>(builder.Configuration.GetSection("Catalog"));
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, CatalogJson.Default);
            // Typed results write times as the stored answers do: one spelling per instant.
            o.SerializerOptions.Converters.Add(new UtcTimeConverter());
        });
        services.MapProblem<WrongExpectedVersionException>(EditConflict.Of);
        services.MapProblem<NpgsqlException>(e => e.IsTransient ? new Rejection(RejectionKind.Unavailable, "The catalog's database is not answering; retry shortly.") : null);
        services.AddOpenApi(o => o.AddCatalogSecurity());

        services.AddSingleton(_ => ReadModelDatabase.From(builder.Configuration));
        services.AddSingleton<IProjection, ProgramsProjection>();
        services.AddSingleton<IProjection, FeedsProjection>();
        services.AddSingleton<ProjectionVersions>();
        services.AddSingleton<ProjectionHost>();
        services.AddHostedService(sp => sp.GetRequiredService<ProjectionHost>());
        services.AddSingleton<RebuildProjection>();
        services.AddSingleton<RebuildJobs>();
        services.AddSingleton<ListProjections>();
        services.AddHealthChecks().AddCheck<ProjectionLagHealthCheck>("projections", tags: ["ready"]);

        services.AddSigningIn();
        services.AddSingleton<PageSize>();
        services.AddSingleton<ProgramsReadModel>();
        services.AddSingleton<GetProgram>();
        services.AddSingleton<ListPrograms>();
        services.AddSingleton<ListAnchorPrograms>();
        services.AddSingleton<ListAnchors>();
        services.AddSingleton<ListFeeds>();
        services.AddSingleton<ModerateProgram>();
        services.AddSingleton<CurateFeed>();
        services.AddSingleton<GetFeed>();
        services.AddSingleton<GetFeedHistory>();
        services.AddPageCache();
        services.AddReplicaReads();
        return builder;
    }

    public static WebApplication MapCatalog(this WebApplication app)
    {
        app.UseOutputCache();
        app.UseReplicaFallback();
        app.MapOpenApi();
        app.MapDevelopmentMedia();
        app.MapSigningIn();

        // Reads are open; an editor (Bearer key or console session) also sees hidden programs, marked "hidden".
        app.MapGroup("/v1")
            .MapListPrograms()
            .MapListAnchors()
            .MapListAnchorPrograms()
            .MapGetProgram()
            .MapModerateProgram()
            .MapListFeeds()
            .MapCuration()
            .MapGetFeed()
            .MapGetFeedHistory();
        app.MapGroup("/admin/projections").MapRebuilding();
        app.MapSubscriptionAdmin("/admin/subscriptions").AddEndpointFilter(async (context, next) =>
        {
            await context.HttpContext.RequestServices.GetRequiredService<Principals>().RequireAdminAsync(context.HttpContext, context.HttpContext.RequestAborted);
            return await next(context);
        });
        return app;
    }
}
