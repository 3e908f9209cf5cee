using System.Text.Json;
using Catalog.SigningIn;

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

    public static async Task<IResult> HandleAsync(Guid programId, GetProgram query, Principals principals, HttpContext context, CancellationToken ct)
    {
        var json = await query.QueryJsonAsync(programId, await principals.SeesHiddenAsync(context, ct), ct) ?? throw new NotFoundException($"There is no program {programId}.");
        return JsonAnswers.Ok(context, json);
    }
}
