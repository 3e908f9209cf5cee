using Microsoft.Extensions.FileProviders;

namespace Catalog.EditorConsole;

/// <summary>
/// Serves the editors' console, built into the output's <c>Console</c> folder by the project's npm step, at
/// <c>/console/</c>. Every script, style and icon comes from here; recordings and covers load from their own hosts.
/// </summary>
public static class ConsolePage
{
    public const string PathPrefix = "/console";

    // Scripts and styles only from the catalog; media, covers and HLS playlists from wherever the recorder put them.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: http: https:; " +
        "media-src 'self' blob: http: https:; connect-src 'self' http: https:; worker-src 'self' blob:; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static WebApplication MapConsole(this WebApplication app)
    {
        var root = Path.Combine(AppContext.BaseDirectory, "Console");
        IFileProvider files = Directory.Exists(root) ? new PhysicalFileProvider(root) : new NullFileProvider();
        if (files is NullFileProvider)
            app.Logger.LogWarning("The editors' console is not built ({Root} is missing): run the catalog's build with npm available.", root);

        app.Map(PathPrefix, console =>
        {
            console.Use((context, next) =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                // Revalidated on every load (ETag / Last-Modified), so a new build is seen at once.
                headers.CacheControl = "no-cache";
                return next(context);
            });
            console.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
            console.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        });
        return app;
    }
}
