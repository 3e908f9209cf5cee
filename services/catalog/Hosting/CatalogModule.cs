using Catalog.Feeds;
using Catalog.Feeds.Curating;
using Catalog.Feeds.Getting;
using Catalog.Feeds.Projecting;
using Catalog.Programs;
using Catalog.Programs.Getting;
using Catalog.Programs.Listing;
using Catalog.Programs.Projecting;
using Catalog.Projections;
using Catalog.Projections.Rebuilding;
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
        services.AddEventLog(builder.Configuration, types => types.Register(RecordingEventTypes.All).AddFeedEvents());
        services.Configure<CatalogOptions>(builder.Configuration.GetSection("Catalog"));
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, CatalogJson.Default));
        services.MapProblem<WrongExpectedVersionException>(conflict => new Rejection(RejectionKind.PreconditionFailed,
            $"The resource changed (it is at version {conflict.ActualVersion}); read it again and retry with its ETag."));
        services.MapProblem<NpgsqlException>(e => e.IsTransient ? new Rejection(RejectionKind.Unavailable, "The catalog's database is not answering; retry shortly.") : null);
        services.AddOpenApi();

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

        services.AddSingleton<ApiKeys>();
        services.AddSingleton<ProgramsReadModel>();
        services.AddSingleton<GetProgram>();
        services.AddSingleton<ListAnchorPrograms>();
        services.AddSingleton<CurateFeed>();
        services.AddSingleton<GetFeed>();
        services.AddSingleton<GetFeedHistory>();
        return builder;
    }

    public static WebApplication MapCatalog(this WebApplication app)
    {
        app.MapOpenApi();

        var v1 = app.MapGroup("/v1");
        v1.MapGet("/anchors/{anchorId}/programs", ListAnchorPrograms.HandleAsync)
            .WithName("ListAnchorPrograms").Produces<AnchorProgramsPage>().ProducesProblem(400);
        v1.MapGet("/programs/{programId}", GetProgram.HandleAsync)
            .WithName("GetProgram").Produces<ProgramView>().ProducesProblem(404);

        v1.MapPut("/feeds/{feedId}", CurationEndpoints.PutFeedAsync)
            .WithName("PutFeed").Produces<FeedState>(200).Produces<FeedState>(201).ProducesProblem(400).ProducesProblem(401).ProducesProblem(412);
        v1.MapPut("/feeds/{feedId}/items/{programId}", CurationEndpoints.FeatureAsync)
            .WithName("FeatureProgram").Produces<FeedState>().ProducesProblem(401).ProducesProblem(404).ProducesProblem(412);
        v1.MapDelete("/feeds/{feedId}/items/{programId}", CurationEndpoints.UnfeatureAsync)
            .WithName("UnfeatureProgram").Produces(204).ProducesProblem(401).ProducesProblem(404).ProducesProblem(412);
        v1.MapGet("/feeds/{feedId}", GetFeed.HandleAsync)
            .WithName("GetFeed").Produces<FeedPage>().ProducesProblem(404);
        v1.MapGet("/feeds/{feedId}/history", GetFeedHistory.HandleAsync)
            .WithName("GetFeedHistory").Produces<FeedHistory>().ProducesProblem(404);

        var admin = app.MapGroup("/admin/projections");
        admin.MapGet("", RebuildEndpoints.ListAsync).WithName("ListProjections").Produces<ProjectionStatus[]>().ProducesProblem(401);
        admin.MapPost("/{name}/rebuild", RebuildEndpoints.Rebuild).WithName("RebuildProjection").Produces<RebuildAccepted>(202).ProducesProblem(401).ProducesProblem(404);
        app.MapSubscriptionAdmin("/admin/subscriptions").AddEndpointFilter(async (context, next) =>
        {
            context.HttpContext.RequestServices.GetRequiredService<ApiKeys>().RequireAdmin(context.HttpContext);
            return await next(context);
        });
        return app;
    }
}
