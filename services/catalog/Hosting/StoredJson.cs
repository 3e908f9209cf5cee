using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Catalog.Caching;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;

namespace Catalog.Hosting;

/// <summary>
/// A read answer as stored: JSON bytes (never re-serialised, so a rebuild gives the same answer) with a strong ETag,
/// the cache headers of <see cref="HttpCaching"/>, and 304 when the client already has them. <typeparamref name="T"/>
/// is the shape of the bytes, which the OpenAPI document describes.
/// </summary>
public sealed class StoredJson<T>(byte[] utf8, string? etag = null) : IResult, IContentTypeHttpResult, IEndpointMetadataProvider
{
    public StoredJson(string json, string? etag = null) : this(Encoding.UTF8.GetBytes(json), etag)
    {
    }

    public byte[] Utf8 { get; } = utf8;

    public string ETag { get; } = etag ?? StoredJson.Tag(utf8);

    public string ContentType => "application/json";

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.Headers.ETag = ETag;
        HttpCaching.Apply(httpContext);
        return StoredJson.Matches(httpContext.Request.Headers.IfNoneMatch.ToString(), ETag)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified).ExecuteAsync(httpContext)
            : TypedResults.Bytes(Utf8, ContentType).ExecuteAsync(httpContext);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T), ["application/json"]));
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status304NotModified, typeof(void)));
    }
}

/// <summary>The strong ETag of stored answers and the If-None-Match check.</summary>
public static class StoredJson
{
    public static string Tag(byte[] bytes) => $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 12))}\"";

    public static string Tag(string json) => Tag(Encoding.UTF8.GetBytes(json));

    internal static bool Matches(string ifNoneMatch, string etag)
    {
        if (string.IsNullOrEmpty(ifNoneMatch)) return false;
        if (ifNoneMatch.Trim() == "*") return true;
        return EntityTagHeaderValue.TryParseList(ifNoneMatch.Split(','), out var tags)
            && tags.Any(t => t.Tag.Equals(EntityTagHeaderValue.Parse(etag).Tag, StringComparison.Ordinal));
    }
}
