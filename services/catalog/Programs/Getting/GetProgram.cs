using System.Text.Json;

namespace Catalog.Programs.Getting;

/// <summary>One program by id. A merged program's old id answers with its survivor, marked <c>mergedInto</c>.</summary>
public sealed class GetProgram(ProgramsReadModel programs)
{
    public async Task<ProgramView?> QueryAsync(Guid id, CancellationToken ct) =>
        await QueryJsonAsync(id, ct) is { } json ? JsonSerializer.Deserialize(json, CatalogJson.Default.ProgramView) : null;

    /// <summary>The answer's JSON as stored: a rebuild from the same log gives the same bytes.</summary>
    public async Task<string?> QueryJsonAsync(Guid id, CancellationToken ct)
    {
        if (await programs.ResolveAsync(id, ct) is not { } found) return null;
        if (found.Id == id) return found.View;
        var survivor = JsonSerializer.Deserialize(found.View, CatalogJson.Default.ProgramView)!;
        return JsonSerializer.Serialize(survivor with { MergedInto = found.Id }, CatalogJson.Default.ProgramView);
    }

    public static async Task<IResult> HandleAsync(Guid programId, GetProgram query, HttpContext context, CancellationToken ct)
    {
        var json = await query.QueryJsonAsync(programId, ct) ?? throw new NotFoundException($"There is no program {programId}.");
        return JsonAnswers.Ok(context, json);
    }
}
