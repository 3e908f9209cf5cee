using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ServiceDefaults.Problems;

/// <summary>The one mapping from refusals to RFC 9457 problem documents, for both services and every endpoint.</summary>
public static class Problems
{
    public const string ContentType = "application/problem+json";

    public static int StatusOf(RejectionKind kind) => kind switch
    {
        RejectionKind.Invalid => StatusCodes.Status400BadRequest,
        RejectionKind.Unauthenticated => StatusCodes.Status401Unauthorized,
        RejectionKind.Forbidden => StatusCodes.Status403Forbidden,
        RejectionKind.NotFound => StatusCodes.Status404NotFound,
        RejectionKind.Conflict => StatusCodes.Status409Conflict,
        RejectionKind.PreconditionFailed => StatusCodes.Status412PreconditionFailed,
        RejectionKind.ContentTooLarge => StatusCodes.Status413PayloadTooLarge,
        RejectionKind.TooManyRequests => StatusCodes.Status429TooManyRequests,
        RejectionKind.Fault => StatusCodes.Status500InternalServerError,
        RejectionKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status400BadRequest,
    };

    public static string TitleOf(RejectionKind kind) => kind switch
    {
        RejectionKind.Invalid => "Invalid request",
        RejectionKind.Unauthenticated => "Unauthorized",
        RejectionKind.Forbidden => "Forbidden",
        RejectionKind.NotFound => "Not found",
        RejectionKind.Conflict => "Conflict",
        RejectionKind.PreconditionFailed => "Edit conflict",
        RejectionKind.ContentTooLarge => "Content too large",
        RejectionKind.TooManyRequests => "Too many requests",
        RejectionKind.Fault => "Internal error",
        RejectionKind.Unavailable => "Unavailable",
        _ => "Refused",
    };

    public static ProblemDetails Document(Rejection rejection)
    {
        var document = new ProblemDetails
        {
            Status = StatusOf(rejection.Kind),
            Title = rejection.Title ?? TitleOf(rejection.Kind),
            Detail = rejection.Detail,
            Type = rejection.Type,
        };
        foreach (var (name, value) in rejection.Extensions) document.Extensions[name] = value;
        return document;
    }

    /// <summary>The headers a refusal of this kind carries besides its document: how to authenticate, when to retry.</summary>
    public static void ApplyHeaders(HttpResponse response, Rejection rejection)
    {
        if (rejection is { Kind: RejectionKind.Unauthenticated, Challenge: { } scheme }) response.Headers.WWWAuthenticate = scheme;
        var retryAfter = rejection.RetryAfter ?? (rejection.Kind == RejectionKind.Unavailable ? TimeSpan.FromSeconds(5) : null);
        if (retryAfter is { } wait) response.Headers.RetryAfter = ((long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The typed result an endpoint returns for a refusal, whatever its kind.</summary>
    public static ProblemHttpResult Result(Rejection rejection) => TypedResults.Problem(Document(rejection));

    public static NotFoundProblem NotFound(string detail) => new(Rejection.NotFound(detail));
}
