using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace EventLog;

public static class EventLogHosting
{
    /// <summary>The connection string every service reads: <c>ConnectionStrings:Catalog</c> (env <c>ConnectionStrings__Catalog</c>).</summary>
    public const string ConnectionStringName = "Catalog";

    /// <summary>
    /// Registers the event store, its schema migration at start-up, the subscription admin and the lag gauges.
    /// Hosts run their own subscription runners (the catalog's projection host does).
    /// The service starts even when the database is down; readiness reports it until the schema is in place.
    /// </summary>
    public static IServiceCollection AddEventLog(this IServiceCollection services, IConfiguration configuration, Action<EventTypeRegistry> registerTypes)
    {
        var connectionString = WithAutoPrepare(configuration.GetConnectionString(ConnectionStringName)
            ?? throw new InvalidOperationException($"Set ConnectionStrings:{ConnectionStringName} (env ConnectionStrings__{ConnectionStringName})."));
        var options = new EventStoreOptions
        {
            ConnectionString = connectionString,
            Schema = configuration["EventLog:Schema"] ?? "eventlog",
        };
        var types = new EventTypeRegistry();
        registerTypes(types);

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton(types);
        services.AddSingleton(_ => new NpgsqlDataSourceBuilder(connectionString).Build());
        services.AddSingleton<EventStore>();
        services.AddSingleton<SubscriptionAdmin>();
        services.AddSingleton<EventLogReadiness>();
        services.AddHostedService<EventLogSchemaHost>();
        services.AddHostedService<SubscriptionLagMetrics>();
        services.AddHealthChecks().AddCheck<EventLogHealthCheck>("eventlog", tags: ["ready"]);
        return services;
    }

    /// <summary>
    /// Appends and reads repeat a handful of statement shapes, so preparing them pays (about 1.5x on appends in the
    /// benchmark). A connection string that sets Max Auto Prepare (0 for PgBouncer's transaction mode) wins.
    /// </summary>
    public static string WithAutoPrepare(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase)
            && !connectionString.Contains("AutoPrepare", StringComparison.OrdinalIgnoreCase))
            builder.MaxAutoPrepare = 50;
        return builder.ConnectionString;
    }
}
