using System.Diagnostics;
using System.Text.Json;
using Npgsql;
using SystemTests.Harness;
using Testing;

namespace SystemTests.Shutdown;

public sealed class ProjectionShutdownTests
{
    private const int Anchors = 100;
    private const int FilesPerProgram = 20;

    [Fact]
    public async Task OnSigtermAProjectionStopsBetweenBatchesAndTheNextReplicaFinishesTheBacklog()
    {
        var db = await TestPostgres.NewDatabaseAsync();
        await using var log = new LogClient(db);
        var start = new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
        var programs = Enumerable.Range(0, Anchors).ToDictionary(a => $"anchor{a:D3}", _ => Guid.CreateVersion7());
        await log.EnsureSchemaAsync();
        await log.AppendRecordingsAsync(programs.SelectMany(p =>
            Enumerable.Range(0, FilesPerProgram).Select(i => (p.Key, p.Value, i, start.AddMinutes(30 * i)))));

        // Small batches make the backlog take many transactions, so SIGTERM lands in the middle of it.
        var smallBatches = new Dictionary<string, string> { ["Catalog__LiveBatchSize"] = "10" };
        await using var first = Services.StartCatalog(Named(db, "catalog-first"), smallBatches);
        await WaitUntilAsync(async () => (await log.Admin.StatusAsync()) is { Count: > 0 } s && s.Any(x => x.Checkpoint.Position > 0));
        var lagAtSigterm = (await log.Admin.StatusAsync()).Sum(s => s.LagEvents);

        var clock = Stopwatch.StartNew();
        Assert.Equal(0, await first.StopAsync(TimeSpan.FromSeconds(30)));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"shutdown took {clock.Elapsed}");
        Assert.True(lagAtSigterm > 0, "the projection had finished before SIGTERM; the test proves nothing");

        // Nothing of the stopped process is left in PostgreSQL: no session, so no lock and no open transaction.
        Assert.Equal(0L, await CountAsync(db, "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'catalog-first'"));

        await using var second = Services.StartCatalog(Named(db, "catalog-second"), smallBatches);
        await second.WaitUntilAsync("/healthz", TimeSpan.FromSeconds(60));
        await log.WaitUntilCaughtUpAsync(TimeSpan.FromSeconds(120));

        // Every anchor's single program holds each of its files exactly once, in order, whichever process applied it.
        foreach (var anchor in new[] { "anchor000", "anchor050", "anchor099" })
        {
            using var page = JsonDocument.Parse(await second.Http.GetStringAsync($"/v1/anchors/{anchor}/programs"));
            var item = Assert.Single(page.RootElement.GetProperty("items").EnumerateArray());
            Assert.Equal(programs[anchor], item.GetProperty("id").GetGuid());
            var files = Assert.Single(item.GetProperty("renditions").EnumerateArray()).GetProperty("files").EnumerateArray()
                .Select(f => f.GetProperty("index").GetInt32()).ToList();
            Assert.Equal(Enumerable.Range(0, FilesPerProgram), files);
        }
    }

    private static string Named(string connectionString, string applicationName) =>
        new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = applicationName }.ConnectionString;

    private static async Task<long> CountAsync(string db, string sql)
    {
        await using var connection = new NpgsqlConnection(db);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return;
            await Task.Delay(20);
        }
        throw new TimeoutException("The projection never started.");
    }
}
