using Npgsql;
using SystemTests.Harness;
using Testing;

namespace SystemTests.Replicas;

/// <summary>Two catalog processes on one database: each projection runs in exactly one of them at a time.</summary>
public sealed class ProjectionFailoverTests
{
    [Fact]
    public async Task OnlyOneReplicaRunsEachProjectionAndTheOtherTakesOverWhenItDies()
    {
        var db = await TestPostgres.NewDatabaseAsync();
        await using var log = new LogClient(db);
        await using var first = Services.StartCatalog(Named(db, "catalog-first"));
        await using var second = Services.StartCatalog(Named(db, "catalog-second"));
        await first.WaitUntilAsync("/readyz", TimeSpan.FromSeconds(60));
        await second.WaitUntilAsync("/readyz", TimeSpan.FromSeconds(60));

        var holders = await WaitForOneHolderEachAsync(log, ["catalog-first", "catalog-second"]);
        Assert.NotEmpty(holders);

        var programId = Guid.CreateVersion7();
        var startedAt = new DateTimeOffset(2026, 11, 1, 20, 0, 0, TimeSpan.Zero);
        await log.AppendRecordingAsync("anchorfailover", programId, 0, startedAt);
        var before = await log.WaitUntilCaughtUpAsync(TimeSpan.FromSeconds(30));

        // Kill (not stop) the process running the first projection: its locks go with its connections.
        var victimName = holders.Values.First();
        var (victim, survivor) = victimName == "catalog-first" ? (first, second) : (second, first);
        victim.Kill();
        await victim.WaitForExitAsync(TimeSpan.FromSeconds(10));

        var after = await WaitForOneHolderEachAsync(log, [victimName == "catalog-first" ? "catalog-second" : "catalog-first"]);
        Assert.Equal(holders.Keys.Order(), after.Keys.Order());

        await log.AppendRecordingAsync("anchorfailover", programId, 1, startedAt.AddMinutes(30));
        var caughtUp = await log.WaitUntilCaughtUpAsync(TimeSpan.FromSeconds(30));
        foreach (var name in holders.Keys)
            Assert.True(caughtUp.Single(s => s.Name == name).Checkpoint > before.Single(s => s.Name == name).Checkpoint, $"{name} did not advance");
        Assert.False(survivor.HasExited);
    }

    private static string Named(string connectionString, string applicationName) =>
        new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = applicationName }.ConnectionString;

    /// <summary>Waits until every subscription's lock is held by exactly one session, from one of <paramref name="allowed"/>.</summary>
    private static async Task<Dictionary<string, string>> WaitForOneHolderEachAsync(LogClient log, string[] allowed)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            var holders = await log.LockHoldersAsync();
            last = string.Join(", ", holders.Select(h => $"{h.Key}: [{string.Join(' ', h.Value)}]"));
            if (holders.Count > 0 && holders.Values.All(h => h.Count == 1 && allowed.Contains(h[0])))
                return holders.ToDictionary(h => h.Key, h => h.Value[0]);
            await Task.Delay(200);
        }
        throw new TimeoutException($"Subscriptions never settled on one holder each among {string.Join(", ", allowed)}: {last}");
    }
}
