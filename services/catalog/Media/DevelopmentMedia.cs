using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace Catalog.Media;

public static class DevelopmentMedia
{
    /// <summary>
    /// In Development only, serves <c>Catalog:Console:MediaFolder</c> at <c>/media/</c> (with range requests), so the
    /// demo's recordings and covers play in the console with no network. Production media live on a CDN.
    /// </summary>
    public static WebApplication MapDevelopmentMedia(this WebApplication app)
    {
        var folder = app.Services.GetRequiredService<IOptions<CatalogOptions>>().Value.Console.MediaFolder;
        if (!app.Environment.IsDevelopment() || string.IsNullOrEmpty(folder) || !Directory.Exists(folder)) return app;
        var types = new FileExtensionContentTypeProvider();
        types.Mappings[".m3u8"] = "application/vnd.apple.mpegurl";
        types.Mappings[".ts"] = "video/mp2t";
        types.Mappings[".flv"] = "video/x-flv";
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(Path.GetFullPath(folder)),
            RequestPath = "/media",
            ContentTypeProvider = types,
        });
        return app;
    }
}
