using System.Collections.Concurrent;

namespace Catalog.Projections.Rebuilding;

public sealed record RebuildAccepted(string Projection, string Status);

/// <summary>Rebuilds started over HTTP run in the background of this process, at most one per projection.</summary>
public sealed partial class RebuildJobs(IServiceProvider services, IHostApplicationLifetime lifetime, ILogger<RebuildJobs> logger)
{
    private readonly ConcurrentDictionary<string, Task<RebuildResult>> _jobs = new();
    private readonly ConcurrentDictionary<string, RebuildProgress> _progress = new();

    public RebuildProgress? Progress(string projection) => _progress.GetValueOrDefault(projection);

    /// <summary>Starts a rebuild unless one of this projection is already running here; true if it started one.</summary>
    public bool Start(string projection, bool restart)
    {
        var started = false;
        _jobs.AddOrUpdate(projection,
            _ => { started = true; return Run(projection, restart); },
            (_, existing) =>
            {
                if (!existing.IsCompleted) return existing;
                started = true;
                return Run(projection, restart);
            });
        return started;
    }

    /// <summary>
    /// The running or last rebuild of a projection in this process. Only tests read it (to await a rebuild's end rather
    /// than poll <c>/admin/projections</c>); it stays here because the task is this class's own.
    /// </summary>
    public Task<RebuildResult>? Job(string projection) => _jobs.GetValueOrDefault(projection);

    private Task<RebuildResult> Run(string projection, bool restart) => Task.Run(async () =>
    {
        try
        {
            var rebuild = services.GetRequiredService<RebuildProjection>();
            return await rebuild.RunAsync(projection, restart, p => _progress[projection] = p, lifetime.ApplicationStopping);
        }
        catch (Exception ex)
        {
            LogFailed(logger, ex, projection);
            throw;
        }
    });

    [LoggerMessage(LogLevel.Error, "Rebuild of projection {Name} failed or was interrupted; the serving version is unchanged")]
    private static partial void LogFailed(ILogger logger, Exception ex, string name);
}
