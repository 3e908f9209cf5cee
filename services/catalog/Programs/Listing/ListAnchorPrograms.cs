using Catalog.Caching;
using Catalog.Hosting;
using Catalog.SigningIn;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Catalog.Programs.Listing;

/// <summary>An anchor's programs, newest first: the across-anchors list narrowed to one anchor, with the same cursors.</summary>
public sealed class ListAnchorPrograms(ListPrograms programs)
{
    public Task<ProgramsPage> QueryAsync(string anchorId, int? limit, string? cursor, DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct) =>
        programs.QueryAsync(new ProgramsQuery(anchorId, limit, cursor, from, to), ct);
}

/// <summary><c>GET /v1/anchors/{anchorId}/programs?from=&amp;to=&amp;limit=&amp;cursor=</c>.</summary>
public static class ListAnchorProgramsEndpoint
{
    public static RouteGroupBuilder MapListAnchorPrograms(this RouteGroupBuilder v1)
    {
        v1.MapGet("/anchors/{anchorId}/programs", HandleAsync).WithName("ListAnchorPrograms").CachedWhileUnchanged();
        return v1;
    }

    public static async Task<Results<StoredJson<ProgramsPage>, BadRequestProblem>> HandleAsync(string anchorId, int? limit, string? cursor,
        DateTimeOffset? from, DateTimeOffset? to, ListPrograms query, Principals principals, HttpContext context, CancellationToken ct) =>
        await ListProgramsEndpoint.AnswerAsync(query, new ProgramsQuery(anchorId, limit, cursor, from, to, await principals.SeesHiddenAsync(context, ct)), ct);
}
