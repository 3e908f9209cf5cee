using System.Text.Json;
using Catalog.SigningIn;

namespace Catalog.Projections.Rebuilding;

/// <summary><c>/admin/projections</c>: status of every projection, and rebuilds started in the background.</summary>
public static class RebuildEndpoints
{
    public static async Task<IResult> ListAsync(ListProjections query, Principals principals, HttpContext context, CancellationToken ct)
    {
        await principals.RequireAdminAsync(context, ct);
        return Results.Text(JsonSerializer.Serialize(await query.QueryAsync(ct), CatalogJson.Default.ProjectionStatusArray), "application/json");
    }

    public static async Task<IResult> Rebuild(string name, bool? restart, ProjectionVersions versions, RebuildJobs jobs, Principals principals, HttpContext context,
        CancellationToken ct)
    {
        await principals.RequireAdminAsync(context, ct);
        versions.Find(name);
        var started = jobs.Start(name, restart ?? false);
        var body = new RebuildAccepted(name, started ? "started" : "already running");
        return Results.Text(JsonSerializer.Serialize(body, CatalogJson.Default.RebuildAccepted), "application/json", statusCode: StatusCodes.Status202Accepted);
    }
}
