using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ServiceDefaults.Telemetry;

/// <summary>
/// Names ASP.NET Core's server span after its route and records the semantic-convention tags the instrumentation
/// package would add (that package is not installable here). No query string, headers or body: they may hold secrets.
/// </summary>
public static class HttpActivityEnrichment
{
    public static IApplicationBuilder UseHttpActivityEnrichment(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var activity = Activity.Current;
            if (activity is null || activity.Source.Name != "Microsoft.AspNetCore")
            {
                await next(context);
                return;
            }
            try
            {
                await next(context);
            }
            finally
            {
                var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
                activity.DisplayName = route is null ? context.Request.Method : $"{context.Request.Method} {route}";
                activity.SetTag("http.request.method", context.Request.Method);
                activity.SetTag("url.path", context.Request.Path.Value);
                activity.SetTag("url.scheme", context.Request.Scheme);
                if (route is not null) activity.SetTag("http.route", route);
                activity.SetTag("http.response.status_code", context.Response.StatusCode);
                if (context.Response.StatusCode >= 500) activity.SetStatus(ActivityStatusCode.Error);
            }
        });
}
