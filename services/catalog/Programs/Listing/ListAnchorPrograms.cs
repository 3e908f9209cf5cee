using Catalog.SigningIn;

namespace Catalog.Programs.Listing;

/// <summary>An anchor's programs, newest first: the across-anchors list narrowed to one anchor, with the same cursors.</summary>
public sealed class ListAnchorPrograms(ListPrograms programs)
{
    public Task<ProgramsPage> QueryAsync(string anchorId, int? limit, string? cursor, DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct) =>
        programs.QueryAsync(new ProgramsQuery(anchorId, limit, cursor, from, to), ct);

    public static async Task<IResult> HandleAsync(string anchorId, int? limit, string? cursor, DateTimeOffset? from, DateTimeOffset? to,
        ListPrograms query, Principals principals, HttpContext context, CancellationToken ct)
    {
        var seesHidden = await principals.SeesHiddenAsync(context, ct);
        return JsonAnswers.Ok(context, await query.QueryUtf8Async(new ProgramsQuery(anchorId, limit, cursor, from, to, seesHidden), ct));
    }
}
