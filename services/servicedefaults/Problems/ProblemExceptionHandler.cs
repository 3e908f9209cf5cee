using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace ServiceDefaults.Problems;

/// <summary>Every exception that reaches the edge becomes a problem document: a refusal by its rule, a fault as a bare 500.</summary>
internal sealed partial class ProblemExceptionHandler(
    IProblemDetailsService problems, ProblemMapping mapping, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        ProblemDetails document;
        if (exception is BadHttpRequestException bad)
        {
            document = new ProblemDetails { Status = bad.StatusCode, Title = "Invalid request", Detail = BadRequestDetail.Describe(bad) };
        }
        else if (mapping.Find(exception) is { } rejection)
        {
            document = Problems.Document(rejection);
            Problems.ApplyHeaders(context.Response, rejection);
        }
        else
        {
            LogFault(logger, exception, context.Request.Method, context.Request.Path);
            document = new ProblemDetails { Status = StatusCodes.Status500InternalServerError, Title = "Internal error" };
        }
        context.Response.StatusCode = document.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = document });
    }

    [LoggerMessage(LogLevel.Error, "Unhandled fault answering {Method} {Path}")]
    private static partial void LogFault(ILogger logger, Exception ex, string method, string path);
}
