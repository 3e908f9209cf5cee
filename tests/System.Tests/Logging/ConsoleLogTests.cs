using System.Text.Json;
using SystemTests.Harness;
using Testing;

namespace SystemTests.Logging;

public sealed class ConsoleLogTests
{
    [Fact]
    public async Task WithTheJsonFormatterEveryConsoleLineIsOneJsonObject()
    {
        var db = await TestPostgres.NewDatabaseAsync();
        await using var catalog = Services.StartCatalog(db, new Dictionary<string, string> { ["Logging__Console__FormatterName"] = "json" });
        await catalog.WaitUntilAsync("/readyz", TimeSpan.FromSeconds(60));
        Assert.Equal(0, await catalog.StopAsync(TimeSpan.FromSeconds(30)));

        var lines = catalog.Output.Where(l => l.Length > 0).ToList();
        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            using var json = JsonDocument.Parse(line);
            Assert.True(json.RootElement.TryGetProperty("Category", out _), line);
            Assert.True(json.RootElement.TryGetProperty("Timestamp", out _), line);
        }
    }

    [Fact]
    public async Task ByDefaultEachLogEventIsOneLineAndNoSecretIsPrinted()
    {
        var db = await TestPostgres.NewDatabaseAsync();
        await using var ingest = Services.StartIngest(db);
        await ingest.WaitUntilAsync("/readyz", TimeSpan.FromSeconds(60));
        Assert.Equal(0, await ingest.StopAsync(TimeSpan.FromSeconds(30)));

        var lines = ingest.Output.Where(l => l.Length > 0).ToList();
        Assert.NotEmpty(lines);
        // The simple formatter's single-line mode starts every event with its UTC timestamp and level.
        Assert.All(lines, l => Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (trce|dbug|info|warn|fail|crit): ", l));
        Assert.DoesNotContain(lines, l => l.Contains(Services.CallbackKey) || l.Contains(Services.AdminKey) || l.Contains(Services.EditorKey));
    }
}
