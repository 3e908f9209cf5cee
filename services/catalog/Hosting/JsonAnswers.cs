using System.Security.Cryptography;
using System.Text;
using Microsoft.Net.Http.Headers;

namespace Catalog;

/// <summary>Writes JSON read answers with a strong ETag of their bytes, cache headers, and 304 when the client already has them.</summary>
public static class JsonAnswers
{
    public static IResult Ok(HttpContext context, string json, string? etag = null) => Ok(context, Encoding.UTF8.GetBytes(json), etag);

    public static IResult Ok(HttpContext context, byte[] bytes, string? etag = null)
    {
        etag ??= Tag(bytes);
        context.Response.Headers.ETag = etag;
        Caching.HttpCaching.Apply(context);
        if (Matches(context.Request.Headers.IfNoneMatch.ToString(), etag))
            return Results.StatusCode(StatusCodes.Status304NotModified);
        return Results.Bytes(bytes, "application/json");
    }

    public static string Tag(byte[] bytes) => $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 12))}\"";

    public static string Tag(string json) => Tag(Encoding.UTF8.GetBytes(json));

    private static bool Matches(string ifNoneMatch, string etag)
    {
        if (string.IsNullOrEmpty(ifNoneMatch)) return false;
        if (ifNoneMatch.Trim() == "*") return true;
        return EntityTagHeaderValue.TryParseList(ifNoneMatch.Split(','), out var tags)
            && tags.Any(t => t.Tag.Equals(EntityTagHeaderValue.Parse(etag).Tag, StringComparison.Ordinal));
    }
}
