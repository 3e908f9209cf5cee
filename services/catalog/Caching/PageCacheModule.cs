using Microsoft.AspNetCore.OutputCaching;

namespace Catalog.Caching;

public static class PageCacheModule
{
    /// <summary>The in-memory cache of public pages and the listener that invalidates it.</summary>
    public static IServiceCollection AddPageCache(this IServiceCollection services)
    {
        services.AddSingleton<ReadModelChanges>();
        services.AddHostedService(sp => sp.GetRequiredService<ReadModelChanges>());
        services.AddOutputCache(o =>
        {
            o.SizeLimit = 64 * 1024 * 1024;
            o.AddPolicy(PublicPages.PolicyName, builder => builder.AddPolicy<PublicPages>(), excludeDefaultPolicy: true);
        });
        return services;
    }

    /// <summary>Marks a read as a public page: served from the cache while the read models have not changed.</summary>
    public static TBuilder CachedWhileUnchanged<TBuilder>(this TBuilder endpoint) where TBuilder : IEndpointConventionBuilder =>
        endpoint.CacheOutput(PublicPages.PolicyName);
}
