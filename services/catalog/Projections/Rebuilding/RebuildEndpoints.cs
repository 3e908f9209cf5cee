using Catalog.SigningIn;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Catalog.Projections.Rebuilding;

/// <summary><c>/admin/projections</c>: status of every projection, and rebuilds started in the background.</summary>
public static class RebuildEndpoints
{
    public static RouteGroupBuilder MapRebuilding(this RouteGroupBuilder admin)
    {
        admin.MapGet("", ListAsync).WithName("ListProjections").ForAdmins();
        admin.MapPost("/{name}/rebuild", RebuildAsync).WithName("RebuildProjection").ForAdmins();
        return admin;
    }

    public static async Task<Ok<ProjectionStatus[]>> ListAsync(ListProjections query, Principals principals, HttpContext context, CancellationToken ct)
    {
        await principals.RequireAdminAsync(context, ct);
        return TypedResults.Ok(await query.QueryAsync(ct));
    }

    public static async Task<Results<Accepted<RebuildAccepted>, NotFoundProblem>> RebuildAsync(string name, bool? restart, ProjectionVersions versions,
        RebuildJobs jobs, Principals principals, HttpContext context, CancellationToken ct)
    {
        await principals.RequireAdminAsync(context, ct);
        if (versions.Projections.All(p => p.Name != name)) return Problems.NotFound($"There is no projection named '{name}'.");
        var started = jobs.Start(name, restart ?? false);
        return TypedResults.Accepted((string?)null, new RebuildAccepted(name, started ? "started" : "already running"));
    }
}
