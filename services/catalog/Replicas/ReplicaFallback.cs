using Npgsql;

namespace Catalog.Replicas;

/// <summary>
/// A read that fails because its replica went away (stopped, restarted, a recovery conflict) is run again on the
/// primary before anything was sent, so a lost standby costs the reader nothing but time. A standby that has not yet
/// replayed a table the primary created (start-up, a blue/green switch) is behind, not broken: the read moves too.
/// </summary>
public static class ReplicaFallback
{
    public static IApplicationBuilder UseReplicaFallback(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var replicas = context.RequestServices.GetRequiredService<Projections.ReadModelDatabase>().Replicas;
        var read = HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method);
        if (replicas is null || !read || !replicas.InUse)
        {
            await next(context);
            return;
        }
        try
        {
            await next(context);
        }
        catch (Exception ex) when (LostReplica(ex) && !context.Response.HasStarted)
        {
            replicas.MarkDown(ex.Message);
            context.Response.Clear();
            await next(context);
        }
    });

    private static bool LostReplica(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
            if (ex is PostgresException { SqlState: "57P01" or "57P02" or "57P03" or "40001" or "42P01" or "3F000" } or NpgsqlException { IsTransient: true }) return true;
        return false;
    }
}
