using System.Net.Http.Json;
using SystemTests.Harness;
using Testing;

namespace SystemTests.Replicas;

/// <summary>Two catalog processes on one database: each projection runs in exactly one of them at a time.</summary>
public sealed class ProjectionFailoverTests
{
    private sealed record RunnerStatus(string Name, bool Active, string Checkpoint);

    [Fact]
    public async Task OnlyOneReplicaRunsEachProjectionAndTheOtherTakesOverWhenItDies()
    {
        var db = await TestPostgres.NewDatabaseAsync();
        await using var log = new LogClient(db);
        await using var first = Services.StartCatalog(db);
        await using var second = Services.StartCatalog(db);
        await first.WaitUntilAsync("/readyz", TimeSpan.FromSeconds(60));
        await second.WaitUntilAsync("/readyz", TimeSpan.FromSeconds(60));

        var names = await WaitForSingleActiveRunnersAsync([first, second]);
        Assert.NotEmpty(names);
        Assert.Equal(names.Count, await log.AdvisoryLocksHeldAsync());

        var programId = Guid.CreateVersion7();
        var startedAt = new DateTimeOffset(2026, 11, 1, 20, 0, 0, TimeSpan.Zero);
        await log.AppendRecordingAsync("anchor-failover", programId, 0, startedAt);
        var before = await log.WaitUntilCaughtUpAsync(TimeSpan.FromSeconds(30));

        // Kill (not stop) whichever process runs a projection: its locks go with its connections.
        var (victim, survivor) = (await RunnersAsync(first)).Any(r => r.Active) ? (first, second) : (second, first);
        victim.Kill();
        await victim.WaitForExitAsync(TimeSpan.FromSeconds(10));

        var takenOver = await WaitForSingleActiveRunnersAsync([survivor]);
        Assert.Equal(names.Order(), takenOver.Order());

        await log.AppendRecordingAsync("anchor-failover", programId, 1, startedAt.AddMinutes(30));
        var after = await log.WaitUntilCaughtUpAsync(TimeSpan.FromSeconds(30));
        Assert.All(after, s => Assert.True(s.Checkpoint > before.Single(b => b.Name == s.Name).Checkpoint, $"{s.Name} did not advance"));
        Assert.Equal(names.Count, await log.AdvisoryLocksHeldAsync());
    }

    private static async Task<List<RunnerStatus>> RunnersAsync(ServiceProcess catalog) =>
        await catalog.Http.GetFromJsonAsync<List<RunnerStatus>>("/status/subscriptions") ?? [];

    /// <summary>Waits until every subscription known to the processes is active in exactly one of them.</summary>
    private static async Task<List<string>> WaitForSingleActiveRunnersAsync(IReadOnlyList<ServiceProcess> replicas)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            var all = new List<RunnerStatus>();
            foreach (var replica in replicas) all.AddRange(await RunnersAsync(replica));
            var byName = all.GroupBy(r => r.Name).ToList();
            last = string.Join(", ", all);
            if (byName.Count > 0 && byName.All(g => g.Count() == replicas.Count && g.Count(r => r.Active) == 1))
                return byName.Select(g => g.Key).ToList();
            await Task.Delay(200);
        }
        throw new TimeoutException($"Runners never settled on one active per subscription: {last}");
    }
}
