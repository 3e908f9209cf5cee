using System.Text.Json;
using Catalog.SigningIn;

namespace Catalog.Feeds.Curating;

/// <summary>The HTTP side of curation: the editor (Bearer key or console session), If-Match in, the feed and its new ETag out.</summary>
public static class CurationEndpoints
{
    public static async Task<IResult> PutFeedAsync(string feedId, PutFeedRequest body, CurateFeed curate, Principals principals, HttpContext context, CancellationToken ct)
    {
        var editor = (await principals.RequireEditorAsync(context, ct)).Name;
        var result = await curate.PutAsync(feedId, body.Title ?? "", editor, IfMatch(context), ct);
        if (result.Refused is { } refused) return Problems.Result(refused);
        return Answer(context, result, result.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    public static async Task<IResult> FeatureAsync(string feedId, Guid programId, FeatureProgramRequest? body, CurateFeed curate, Principals principals,
        HttpContext context, CancellationToken ct)
    {
        var editor = (await principals.RequireEditorAsync(context, ct)).Name;
        var result = await curate.FeatureAsync(feedId, programId, body?.Position, body?.Note, editor, IfMatch(context), ct);
        if (result.Refused is { } refused) return Problems.Result(refused);
        return Answer(context, result, StatusCodes.Status200OK);
    }

    public static async Task<IResult> UnfeatureAsync(string feedId, Guid programId, CurateFeed curate, Principals principals, HttpContext context, CancellationToken ct)
    {
        var editor = (await principals.RequireEditorAsync(context, ct)).Name;
        var result = await curate.UnfeatureAsync(feedId, programId, editor, IfMatch(context), ct);
        if (result.Refused is { } refused) return Problems.Result(refused);
        context.Response.Headers.ETag = $"\"{result.Feed!.Version}\"";
        return Results.NoContent();
    }

    private static long? IfMatch(HttpContext context) => CurateFeed.ParseIfMatch(context.Request.Headers.IfMatch.ToString());

    private static IResult Answer(HttpContext context, CurationResult result, int status)
    {
        var feed = result.Feed!;
        context.Response.Headers.ETag = $"\"{feed.Version}\"";
        if (status == StatusCodes.Status201Created) context.Response.Headers.Location = $"/v1/feeds/{feed.Id}";
        return Results.Text(JsonSerializer.Serialize(feed, CatalogJson.Default.FeedState), "application/json", statusCode: status);
    }
}
