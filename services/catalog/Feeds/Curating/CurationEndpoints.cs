using System.Reflection;
using Catalog.SigningIn;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;

namespace Catalog.Feeds.Curating;

/// <summary>The HTTP side of curation: the editor (Bearer key or console session), If-Match in, the feed and its new ETag out.</summary>
public static class CurationEndpoints
{
    public static RouteGroupBuilder MapCuration(this RouteGroupBuilder v1)
    {
        v1.MapPut("/feeds/{feedId}", PutFeedAsync).WithName("PutFeed").ForEditors();
        v1.MapPut("/feeds/{feedId}/items/{programId}", FeatureAsync).WithName("FeatureProgram").ForEditors();
        v1.MapDelete("/feeds/{feedId}/items/{programId}", UnfeatureAsync).WithName("UnfeatureProgram").ForEditors();
        return v1;
    }

    public static async Task<Results<Ok<FeedState>, Created<FeedState>, CurationRefused>> PutFeedAsync(string feedId, PutFeedRequest body,
        CurateFeed curate, Principals principals, HttpContext context, CancellationToken ct)
    {
        var editor = (await principals.RequireEditorAsync(context, ct)).Name;
        if (!CurateFeed.TryParseIfMatch(context.Request.Headers.IfMatch, out var ifMatch)) return new CurationRefused(CurateFeed.ForeignIfMatch);
        var result = await curate.PutAsync(feedId, body.Title ?? "", editor, ifMatch, ct);
        if (result.Refused is { } refused) return new CurationRefused(refused);
        var feed = Tagged(context, result);
        return result.Created ? TypedResults.Created($"/v1/feeds/{feed.Id}", feed) : TypedResults.Ok(feed);
    }

    public static async Task<Results<Ok<FeedState>, CurationRefused>> FeatureAsync(string feedId, Guid programId, FeatureProgramRequest? body,
        CurateFeed curate, Principals principals, HttpContext context, CancellationToken ct)
    {
        var editor = (await principals.RequireEditorAsync(context, ct)).Name;
        if (!CurateFeed.TryParseIfMatch(context.Request.Headers.IfMatch, out var ifMatch)) return new CurationRefused(CurateFeed.ForeignIfMatch);
        var result = await curate.FeatureAsync(feedId, programId, body?.Position, body?.Note, editor, ifMatch, ct);
        return result.Refused is { } refused ? new CurationRefused(refused) : TypedResults.Ok(Tagged(context, result));
    }

    public static async Task<Results<NoContent, CurationRefused>> UnfeatureAsync(string feedId, Guid programId, CurateFeed curate, Principals principals,
        HttpContext context, CancellationToken ct)
    {
        var editor = (await principals.RequireEditorAsync(context, ct)).Name;
        if (!CurateFeed.TryParseIfMatch(context.Request.Headers.IfMatch, out var ifMatch)) return new CurationRefused(CurateFeed.ForeignIfMatch);
        var result = await curate.UnfeatureAsync(feedId, programId, editor, ifMatch, ct);
        if (result.Refused is { } refused) return new CurationRefused(refused);
        Tagged(context, result);
        return TypedResults.NoContent();
    }

    /// <summary>The feed after the command, its version given as the ETag an editor sends back as If-Match.</summary>
    private static FeedState Tagged(HttpContext context, CurationResult result)
    {
        context.Response.Headers.ETag = $"\"{result.Feed!.Version}\"";
        return result.Feed;
    }
}

/// <summary>How a curation command is refused: a bad id, title, position or If-Match (400), no such feed or program (404), an edit in between (412).</summary>
public sealed class CurationRefused(Rejection rejection) : TypedProblem(rejection), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        Declare(builder, RejectionKind.Invalid, RejectionKind.NotFound, RejectionKind.PreconditionFailed);
}
