using Microsoft.Extensions.Options;

namespace Catalog.Caching;

/// <summary>
/// Cache headers of read answers, fit for a CDN in front of the catalog. A request without credentials gets a public
/// answer with a short max-age and stale-while-revalidate (revalidated cheaply by ETag); a request with credentials may
/// see what the public does not (an editor's view), so its answer is private and never stored. <c>Vary</c> names both
/// headers, so a shared cache never hands the public answer to an editor or the editor's to the public.
/// </summary>
public static class HttpCaching
{
    public static void Apply(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.Vary = "Authorization, Cookie";
        // An answer meant for one reader (an editor's, with hidden programs) has already said so; keep it.
        if (!string.IsNullOrEmpty(headers.CacheControl)) return;
        if (!PublicPages.IsPublic(context.Request))
        {
            headers.CacheControl = "private, no-store";
            return;
        }
        var options = context.RequestServices.GetRequiredService<IOptions<CatalogOptions>>().Value;
        headers.CacheControl = $"public, max-age={Seconds(options.PublicMaxAge)}, stale-while-revalidate={Seconds(options.PublicStaleWhileRevalidate)}";
    }

    private static long Seconds(TimeSpan span) => (long)Math.Max(0, span.TotalSeconds);
}
