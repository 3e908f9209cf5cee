namespace Catalog.Replicas;

public static class ReplicaModule
{
    /// <summary>The replicas' lag monitor, its readiness entry and gauges; nothing runs unless <c>ConnectionStrings:CatalogReads</c> is set.</summary>
    public static IServiceCollection AddReplicaReads(this IServiceCollection services)
    {
        services.AddSingleton<ReplicaMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<ReplicaMonitor>());
        services.AddHealthChecks().AddCheck<ReplicaMonitor>("replicas", tags: ["ready"]);
        return services;
    }
}
