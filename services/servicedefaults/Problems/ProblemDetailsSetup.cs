using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ServiceDefaults.Problems;

/// <summary>
/// Problem documents for every answer that is not a success, in both services: refusals and faults from the
/// endpoints, and what the framework answers itself (no route 404, wrong method 405, wrong media type 415, binding 400).
/// </summary>
public static class ProblemDetailsSetup
{
    public static IServiceCollection AddProblemMapping(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            // The framework's own answers carry no detail; say what was asked, in the caller's terms.
            c.ProblemDetails.Detail ??= c.ProblemDetails.Status switch
            {
                StatusCodes.Status404NotFound => $"Nothing is served at {c.HttpContext.Request.Path}.",
                StatusCodes.Status405MethodNotAllowed => $"{c.HttpContext.Request.Method} is not allowed on {c.HttpContext.Request.Path}.",
                StatusCodes.Status415UnsupportedMediaType => "Send the body as application/json.",
                _ => null,
            };
        });
        services.AddSingleton<ProblemMapping>();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        // Binding failures throw (instead of a bare 400) so the handler can answer them with a document.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    /// <summary>Maps a service's own exception type to a refusal (null leaves it a fault).</summary>
    public static IServiceCollection MapProblem<TException>(this IServiceCollection services, Func<TException, Rejection?> rule)
        where TException : Exception
    {
        services.AddSingleton(new ProblemRule(e => e is TException x ? rule(x) : null));
        return services;
    }

    public static IApplicationBuilder UseProblemDetailsEverywhere(this IApplicationBuilder app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}
