using EventLog;

namespace Catalog.Projections;

public sealed record ProjectionStatus(string Name, int Version, long Position, long Head, long Lag, string State, BuildStatus? Rebuild);

/// <summary>A version being built beside the serving one.</summary>
public sealed record BuildStatus(int Version, long Position, long Lag, double EventsPerSecond);

/// <summary>Every projection: its serving version and how far it is behind the log, and any rebuild under way.</summary>
public sealed class ListProjections(ProjectionVersions versions, SubscriptionAdmin admin, Rebuilding.RebuildJobs jobs)
{
    public async Task<ProjectionStatus[]> QueryAsync(CancellationToken ct)
    {
        var rows = await versions.RefreshAsync(ct);
        var statuses = new Dictionary<string, SubscriptionStatus>();
        foreach (var row in rows.Values)
            foreach (var version in new[] { row.Serving, row.Building }.OfType<int>())
                foreach (var s in await admin.StatusAsync(ProjectionNames.Subscription(row.Name, version), ct)) statuses[s.Name] = s;
        return versions.Projections.Select(p =>
        {
            var row = rows[p.Name];
            var serving = statuses.GetValueOrDefault(ProjectionNames.Subscription(p.Name, row.Serving));
            BuildStatus? build = null;
            if (row.Building is { } b)
            {
                var s = statuses.GetValueOrDefault(ProjectionNames.Subscription(p.Name, b));
                build = new BuildStatus(b, s?.Checkpoint.Position ?? 0, s?.LagEvents ?? 0, jobs.Progress(p.Name)?.EventsPerSecond ?? 0);
            }
            var state = serving?.State == SubscriptionState.Stopped ? "stopped" : build is null ? "serving" : "rebuilding";
            return new ProjectionStatus(p.Name, row.Serving, serving?.Checkpoint.Position ?? 0, serving?.Head.Position ?? 0,
                serving?.LagEvents ?? 0, state, build);
        }).ToArray();
    }
}
