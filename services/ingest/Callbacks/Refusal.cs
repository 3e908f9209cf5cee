using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Ingest.Callbacks;

public enum RefusalKind
{
    MalformedJson,
    InvalidField,
    SignatureMissing,
    SignatureInvalid,
    SignatureExpired,
    BodyTooLarge,
    /// <summary>The sender's endpoint is off until its settings are given.</summary>
    SenderNotConfigured,
    /// <summary>The database could not commit or quarantine: the sender should retry.</summary>
    Unavailable,
    /// <summary>Something unexpected went wrong with this callback alone (a bug, or data no check foresaw): 500, quarantined.</summary>
    InternalError,
}

/// <summary>
/// Why a callback was not accepted, in words an operator can act on. <c>Cause</c> (an exception's type and message)
/// goes to the logs and the quarantine, never into the answer.
/// </summary>
public sealed record Refusal(RefusalKind Kind, string Detail, string? Cause = null)
{
    public int StatusCode => CallbackProblems.StatusOf(Kind);

    /// <summary>Kept whole in quarantine: the detail and, when there is one, the cause.</summary>
    public string QuarantineDetail => Cause is null ? Detail : $"{Detail} Cause: {Cause}";

    public static Refusal Internal(string cause) =>
        new(RefusalKind.InternalError, "Ingest could not handle this callback; it is kept in quarantine for an operator.", cause);

    public static Refusal Internal(Exception ex) => Internal($"{ex.GetType().FullName}: {ex.Message}");
}

/// <summary>The one place refusals become HTTP statuses and RFC 9457 problem details.</summary>
public static class CallbackProblems
{
    public static int StatusOf(RefusalKind kind) => kind switch
    {
        RefusalKind.MalformedJson or RefusalKind.InvalidField => StatusCodes.Status400BadRequest,
        RefusalKind.SignatureMissing or RefusalKind.SignatureInvalid or RefusalKind.SignatureExpired => StatusCodes.Status401Unauthorized,
        RefusalKind.BodyTooLarge => StatusCodes.Status413PayloadTooLarge,
        RefusalKind.SenderNotConfigured => StatusCodes.Status404NotFound,
        RefusalKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        RefusalKind.InternalError => StatusCodes.Status500InternalServerError,
        _ => StatusCodes.Status400BadRequest,
    };

    private static string TitleOf(RefusalKind kind) => kind switch
    {
        RefusalKind.MalformedJson => "The callback body is not a JSON object.",
        RefusalKind.InvalidField => "A field is missing, has the wrong type, or holds a value that cannot be stored.",
        RefusalKind.SignatureMissing => "The callback is not signed.",
        RefusalKind.SignatureInvalid => "The callback signature does not match.",
        RefusalKind.SignatureExpired => "The callback notification has expired.",
        RefusalKind.BodyTooLarge => "The callback body is too large.",
        RefusalKind.SenderNotConfigured => "This sender is not configured.",
        RefusalKind.Unavailable => "The callback could not be stored now; retry later.",
        RefusalKind.InternalError => "The callback could not be handled.",
        _ => "The callback was refused.",
    };

    public static IResult ToResult(Refusal refusal, long? quarantineId = null)
    {
        var problem = new ProblemDetails
        {
            Status = refusal.StatusCode,
            Title = TitleOf(refusal.Kind),
            Detail = refusal.Detail,
            Type = $"https://catalog.local/problems/callback/{Kebab(refusal.Kind)}",
        };
        problem.Extensions["reason"] = Kebab(refusal.Kind);
        if (quarantineId is { } id) problem.Extensions["quarantineId"] = id;
        var headers = refusal.Kind == RefusalKind.Unavailable ? new Dictionary<string, string> { ["Retry-After"] = "5" } : null;
        return new ProblemResult(problem, headers);
    }

    public static string Kebab(RefusalKind kind) =>
        string.Concat(kind.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? $"-{char.ToLowerInvariant(c)}" : char.ToLowerInvariant(c).ToString()));

    private sealed class ProblemResult(ProblemDetails problem, Dictionary<string, string>? headers) : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            if (headers is not null)
                foreach (var (name, value) in headers) context.Response.Headers[name] = value;
            return Results.Problem(problem).ExecuteAsync(context);
        }
    }
}
