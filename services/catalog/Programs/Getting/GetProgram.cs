using System.Text.Json;
using Catalog.Caching;
using Catalog.Hosting;
using Catalog.SigningIn;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Catalog.Programs.Getting;

/// <summary>
/// One program by id. A merged program's old id answers with its survivor, marked <c>mergedInto</c>. A hidden program
/// is not found, except by editors, who see it with its <c>hidden</c> reason, editor and time.
/// </summary>
public sealed class GetProgram(ProgramsReadModel programs)
{
    public async Task<ProgramView?> QueryAsync(Guid id, CancellationToken ct) =>
        await QueryJsonAsync(id, includeHidden: false, ct) is { } json ? JsonSerializer.Deserialize(json, CatalogJson.Default.ProgramView) : null;

    /// <summary>The answer's JSON as stored: a rebuild from the same log gives the same bytes.</summary>
    public async Task<string?> QueryJsonAsync(Guid id, bool includeHidden, CancellationToken ct)
    {
        if (await programs.ResolveAsync(id, ct, includeHidden) is not { } found) return null;
        if (found.Id == id) return found.View;
        var survivor = JsonSerializer.Deserialize(found.View, CatalogJson.Default.ProgramView)!;
        return JsonSerializer.Serialize(survivor with { MergedInto = found.Id }, CatalogJson.Default.ProgramView);
    }
}

/// <summary><c>GET /v1/programs/{programId}</c>: the program's stored JSON with its ETag, or 404.</summary>
public static class GetProgramEndpoint
{
    public static RouteGroupBuilder MapGetProgram(this RouteGroupBuilder v1)
    {
        v1.MapGet("/programs/{programId}", HandleAsync).WithName("GetProgram").CachedWhileUnchanged();
        return v1;
    }

    public static async Task<Results<StoredJson<ProgramView>, NotFoundProblem>> HandleAsync(Guid programId, GetProgram query, Principals principals,
        HttpContext context, CancellationToken ct) =>
        await query.QueryJsonAsync(programId, await principals.SeesHiddenAsync(context, ct), ct) is { } json
            ? new StoredJson<ProgramView>(json)
            : Problems.NotFound($"There is no program {programId}.");
}
