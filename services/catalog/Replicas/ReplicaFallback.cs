using Catalog.Projections;
using Npgsql;

namespace Catalog.Replicas;

/// <summary>
/// A read that fails because its replica went away (stopped, restarted, a recovery conflict) is run again on the
/// primary before anything was sent, so a lost standby costs the reader nothing but time. A standby that has not yet
/// replayed a table the primary created (start-up, a blue/green switch) is behind, not broken: the read moves too.
/// REST reads get it as middleware; gRPC queries, which are POSTs answered in frames, through <see cref="ReadAsync{T}"/>.
/// </summary>
public static class ReplicaFallback
{
    public static IApplicationBuilder UseReplicaFallback(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var replicas = context.RequestServices.GetRequiredService<ReadModelDatabase>().Replicas;
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

    /// <summary>
    /// Runs <paramref name="query"/>; when the replica it read from is lost, marks the replicas down (so
    /// <see cref="ReadModelDatabase.Queries"/> is the primary) and runs it once more. The query must not have answered
    /// anyone yet: a unary call's reply is written only after it returns.
    /// </summary>
    public static async Task<T> ReadAsync<T>(this ReadModelDatabase database, Func<Task<T>> query)
    {
        if (database.Replicas is not { InUse: true } replicas) return await query();
        try
        {
            return await query();
        }
        catch (Exception ex) when (LostReplica(ex))
        {
            replicas.MarkDown(ex.Message);
            return await query();
        }
    }

    private static bool LostReplica(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
            if (ex is PostgresException { SqlState: "57P01" or "57P02" or "57P03" or "40001" or "42P01" or "3F000" } or NpgsqlException { IsTransient: true }) return true;
        return false;
    }
}
