using Catalog.Projections;
using Microsoft.AspNetCore.OutputCaching;

namespace Catalog.Caching;

/// <summary>
/// Serves unchanged public pages from memory. An entry's key holds the read models' change generation and serving
/// versions, so a page read before a change is never served after it, on any replica. Requests that carry
/// credentials (Authorization, cookies) are neither served from nor stored in the cache: an editor's answer may hold
/// what the public must not see, and an editor must read their own writes.
/// </summary>
public sealed class PublicPages(ReadModelChanges changes, ProjectionVersions versions, ReadModelDatabase database) : IOutputCachePolicy
{
    public const string PolicyName = "public-pages";

    public static bool IsPublic(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        && request.Headers.Authorization.Count == 0 && request.Headers.Cookie.Count == 0;

    ValueTask IOutputCachePolicy.CacheRequestAsync(OutputCacheContext context, CancellationToken ct)
    {
        var cacheable = changes.Listening && IsPublic(context.HttpContext.Request);
        context.EnableOutputCaching = cacheable;
        context.AllowCacheLookup = cacheable;
        context.AllowCacheStorage = cacheable;
        context.AllowLocking = cacheable;
        if (!cacheable) return ValueTask.CompletedTask;
        context.CacheVaryByRules.QueryKeys = "*";
        var generation = changes.Generation;
        context.CacheVaryByRules.VaryByValues["read-models"] = Stamp(generation);
        if (database.Replicas is { InUse: true }) context.HttpContext.Items[ReadFromReplicaAt] = generation;
        // Dead generations age out; a live one is kept as long as nothing changes and it is asked for.
        context.ResponseExpirationTimeSpan = TimeSpan.FromSeconds(60);
        return ValueTask.CompletedTask;
    }

    ValueTask IOutputCachePolicy.ServeFromCacheAsync(OutputCacheContext context, CancellationToken ct) => ValueTask.CompletedTask;

    ValueTask IOutputCachePolicy.ServeResponseAsync(OutputCacheContext context, CancellationToken ct)
    {
        var response = context.HttpContext.Response;
        if (response.StatusCode != StatusCodes.Status200OK || response.Headers.SetCookie.Count > 0)
            context.AllowCacheStorage = false;
        // A replica may not have replayed the change that moved the generation yet: keep its page only once every standby has.
        if (context.HttpContext.Items[ReadFromReplicaAt] is long generation && database.Replicas!.CaughtUpGeneration < generation)
            context.AllowCacheStorage = false;
        return ValueTask.CompletedTask;
    }

    private static readonly object ReadFromReplicaAt = new();

    private string Stamp(long generation)
    {
        var stamp = generation.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var row in versions.Current.Values) stamp += $"/{row.Name}@{row.Serving}";
        return stamp;
    }
}
