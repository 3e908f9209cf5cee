using EventLog;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Catalog;

/// <summary>Something asked for does not exist (404).</summary>
public sealed class NotFoundException(string message) : Exception(message);

/// <summary>The request is malformed or breaks a rule (400).</summary>
public sealed class ValidationException(string message) : Exception(message);

/// <summary>No valid key was presented (401) or the key may not do this (403).</summary>
public sealed class AccessDeniedException(string message, bool authenticated) : Exception(message)
{
    public bool Authenticated { get; } = authenticated;
}

/// <summary>The catalog cannot answer yet, e.g. its database has not been reachable since start-up (503).</summary>
public sealed class UnavailableException(string message) : Exception(message);

/// <summary>The one place that turns exceptions into RFC 9457 problem details.</summary>
internal sealed class CatalogProblems(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        var (status, title) = exception switch
        {
            NotFoundException => (StatusCodes.Status404NotFound, "Not found"),
            ValidationException or BadHttpRequestException => (StatusCodes.Status400BadRequest, "Invalid request"),
            AccessDeniedException { Authenticated: false } => (StatusCodes.Status401Unauthorized, "Unauthorized"),
            AccessDeniedException => (StatusCodes.Status403Forbidden, "Forbidden"),
            WrongExpectedVersionException => (StatusCodes.Status412PreconditionFailed, "Edit conflict"),
            UnavailableException => (StatusCodes.Status503ServiceUnavailable, "Unavailable"),
            _ => (0, ""),
        };
        if (status == 0) return false;
        context.Response.StatusCode = status;
        if (status == StatusCodes.Status401Unauthorized) context.Response.Headers.WWWAuthenticate = "Bearer";
        var detail = exception is WrongExpectedVersionException conflict
            ? $"The resource changed (it is at version {conflict.ActualVersion}); read it again and retry with its ETag."
            : exception.Message;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }
}
