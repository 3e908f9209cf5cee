using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ServiceDefaults.Problems;

/// <summary>The one mapping from refusals to RFC 9457 problem documents, for both services and every endpoint.</summary>
public static class Problems
{
    public static int StatusOf(RejectionKind kind) => kind switch
    {
        RejectionKind.Invalid => StatusCodes.Status400BadRequest,
        RejectionKind.Unauthenticated => StatusCodes.Status401Unauthorized,
        RejectionKind.Forbidden => StatusCodes.Status403Forbidden,
        RejectionKind.NotFound => StatusCodes.Status404NotFound,
        RejectionKind.PreconditionFailed => StatusCodes.Status412PreconditionFailed,
        RejectionKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status400BadRequest,
    };

    public static string TitleOf(RejectionKind kind) => kind switch
    {
        RejectionKind.Invalid => "Invalid request",
        RejectionKind.Unauthenticated => "Unauthorized",
        RejectionKind.Forbidden => "Forbidden",
        RejectionKind.NotFound => "Not found",
        RejectionKind.PreconditionFailed => "Edit conflict",
        RejectionKind.Unavailable => "Unavailable",
        _ => "Refused",
    };

    public static ProblemDetails Document(Rejection rejection) => new()
    {
        Status = StatusOf(rejection.Kind),
        Title = TitleOf(rejection.Kind),
        Detail = rejection.Detail,
    };

    /// <summary>The typed result an endpoint returns for a refusal.</summary>
    public static ProblemHttpResult Result(Rejection rejection) => TypedResults.Problem(Document(rejection));
}
