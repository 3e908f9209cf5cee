using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;

namespace Ingest.Senders.Shared;

/// <summary>
/// A sender's fixed JSON answer, serialised once and written whole with its length: one send per callback, where an
/// answer serialised per request goes out chunked, in two. Its value and content type describe the route's 200.
/// </summary>
public sealed class JsonAcknowledgement<T>(T value) : IResult, IValueHttpResult<T>, IValueHttpResult, IContentTypeHttpResult, IStatusCodeHttpResult
    where T : notnull
{
    private readonly byte[] _body = JsonSerializer.SerializeToUtf8Bytes(value, JsonSerializerOptions.Web);

    public T Value => value;

    object IValueHttpResult.Value => value;

    public string ContentType => "application/json; charset=utf-8";

    public int? StatusCode => StatusCodes.Status200OK;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.ContentLength = _body.Length;
        return response.Body.WriteAsync(_body).AsTask();
    }
}
