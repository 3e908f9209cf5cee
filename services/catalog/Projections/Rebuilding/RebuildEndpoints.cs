using System.Text.Json;

namespace Catalog.Projections.Rebuilding;

/// <summary><c>/admin/projections</c>: status of every projection, and rebuilds started in the background.</summary>
public static class RebuildEndpoints
{
    public static async Task<IResult> ListAsync(ListProjections query, ApiKeys keys, HttpContext context, CancellationToken ct)
    {
        keys.RequireAdmin(context);
        return Results.Text(JsonSerializer.Serialize(await query.QueryAsync(ct), CatalogJson.Default.ProjectionStatusArray), "application/json");
    }

    public static IResult Rebuild(string name, bool? restart, ProjectionVersions versions, RebuildJobs jobs, ApiKeys keys, HttpContext context)
    {
        keys.RequireAdmin(context);
        versions.Find(name);
        var started = jobs.Start(name, restart ?? false);
        var body = new RebuildAccepted(name, started ? "started" : "already running");
        return Results.Text(JsonSerializer.Serialize(body, CatalogJson.Default.RebuildAccepted), "application/json", statusCode: StatusCodes.Status202Accepted);
    }
}
