using System.Net;
using System.Text.Json;
using Catalog.Programs.Projecting;
using Catalog.Projections;
using Catalog.Projections.Rebuilding;
using EventLog;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Catalog.Tests.Projections;

/// <summary>Each test has its own catalog and database: rebuilds change which version serves.</summary>
public sealed class RebuildTests : IAsyncLifetime
{
    private readonly CatalogApp _app = new();
    private readonly Scenario _scenario = new();

    public async Task InitializeAsync()
    {
        await _app.InitializeAsync();
        await _scenario.WriteAsync(_app);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private ProjectionVersions Versions => _app.Services.GetRequiredService<ProjectionVersions>();

    private async Task WaitUntilServingAsync(string projection, int version)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while ((await Versions.RefreshAsync(timeout.Token))[projection].Serving != version)
            await Task.Delay(50, timeout.Token);
        await _app.CatchUpAsync();
    }

    [Fact]
    public async Task RebuildingEveryProjectionGivesIdenticalAnswersOnEveryEndpoint()
    {
        var before = await _scenario.AnswersAsync(_app);
        Assert.All(before.Values, answer => Assert.StartsWith("200 ", answer));
        var admin = _app.Admin();

        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync("/admin/projections/programs/rebuild", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync("/admin/projections/feeds/rebuild", null)).StatusCode);
        var jobs = _app.Services.GetRequiredService<RebuildJobs>();
        var results = await Task.WhenAll(jobs.Job("programs")!, jobs.Job("feeds")!);
        Assert.All(results, r => Assert.True(r.Switched));
        await WaitUntilServingAsync("programs", 2);
        await WaitUntilServingAsync("feeds", 2);

        var after = await _scenario.AnswersAsync(_app);
        Assert.Equal(before, after);
        var status = JsonDocument.Parse(await admin.GetStringAsync("/admin/projections")).RootElement.EnumerateArray().ToList();
        Assert.All(status, s => Assert.Equal(2, s.GetProperty("version").GetInt32()));
        Assert.All(status, s => Assert.Equal("serving", s.GetProperty("state").GetString()));
        Assert.All(status, s => Assert.Equal(s.GetProperty("head").GetInt64(), s.GetProperty("position").GetInt64()));
    }

    [Fact]
    public async Task ARebuildInterruptedByACrashLeavesTheCurrentVersionServingAndResumesFromItsCheckpoint()
    {
        var before = await _scenario.AnswersAsync(_app);
        var programs = Versions.Find("programs");
        var total = await _app.Store.HeadAsync();

        // A rebuild process that dies after two committed chunks leaves exactly this behind.
        var target = await Versions.BeginRebuildAsync(programs, restart: false, CancellationToken.None);
        using (var crash = new CancellationTokenSource())
        {
            var dying = new DiesAfter(programs.Handler(target), chunks: 2, crash);
            var runner = new SubscriptionRunner(_app.Store, dying, new SubscriptionOptions(ProjectionNames.Subscription("programs", target)) { BatchSize = 7 },
                Microsoft.Extensions.Logging.Abstractions.NullLogger<SubscriptionRunner>.Instance);
            await runner.RunAsync(crash.Token);
        }

        var rows = await Versions.RefreshAsync(CancellationToken.None);
        Assert.Equal(1, rows["programs"].Serving);
        Assert.Equal(2, rows["programs"].Building);
        Assert.Equal(before, await _scenario.AnswersAsync(_app));
        var status = JsonDocument.Parse(await _app.Admin().GetStringAsync("/admin/projections")).RootElement.EnumerateArray().First(s => s.GetProperty("name").GetString() == "programs");
        Assert.Equal("rebuilding", status.GetProperty("state").GetString());
        Assert.Equal(14, status.GetProperty("rebuild").GetProperty("position").GetInt64());

        // Reads keep answering, unchanged, while the rebuild resumes and switches.
        var reading = ReadContinuouslyAsync(before);
        var progress = new List<RebuildProgress>();
        var result = await _app.Services.GetRequiredService<RebuildProjection>().RunAsync("programs", restart: false, progress.Add, CancellationToken.None);
        var reads = await reading;

        Assert.True(result.Switched);
        Assert.Equal(2, result.Version);
        Assert.Equal(total.Position - 14, result.EventsFolded);
        await WaitUntilServingAsync("programs", 2);
        Assert.Equal(before, await _scenario.AnswersAsync(_app));
        Assert.True(reads > 0);
    }

    [Fact]
    public async Task RestartingARebuildStartsItsVersionOverFromTheLogsStart()
    {
        var before = await _scenario.AnswersAsync(_app);
        var programs = Versions.Find("programs");
        var target = await Versions.BeginRebuildAsync(programs, restart: false, CancellationToken.None);
        await using (var connection = await _app.ReadModels.OpenConnectionAsync())
        await using (var junk = new NpgsqlCommand($"INSERT INTO {ProgramTables.Programs(target)} (id, anchor_id, log_stream, started_at, ended_at, state, view) VALUES (gen_random_uuid(), '{_scenario.Anchors[0]}', 'x', now(), now(), '{{}}', '{{}}')", connection))
            await junk.ExecuteNonQueryAsync();

        var result = await _app.Services.GetRequiredService<RebuildProjection>().RunAsync("programs", restart: true, null, CancellationToken.None);

        Assert.Equal((await _app.Store.HeadAsync()).Position, result.EventsFolded);
        await WaitUntilServingAsync("programs", 2);
        Assert.Equal(before, await _scenario.AnswersAsync(_app));
    }

    [Fact]
    public async Task TheRebuildCommandSwitchesTheRunningServiceToTheNewVersion()
    {
        var before = await _scenario.AnswersAsync(_app);

        var exit = await RebuildCommand.RunAsync(["rebuild", "programs", $"--ConnectionStrings:Catalog={_app.ConnectionString}", "--Catalog:RebuildBatchSize=5"]);

        Assert.Equal(0, exit);
        await WaitUntilServingAsync("programs", 2);
        Assert.Equal(before, await _scenario.AnswersAsync(_app));
        Assert.Equal(2, await RebuildCommand.RunAsync(["rebuild", "nothing", $"--ConnectionStrings:Catalog={_app.ConnectionString}"]));
    }

    [Fact]
    public async Task ASecondRebuildRetiresTheVersionTwoBackAndKeepsThePreviousOne()
    {
        var before = await _scenario.AnswersAsync(_app);
        var rebuild = _app.Services.GetRequiredService<RebuildProjection>();

        await rebuild.RunAsync("programs", restart: false, null, CancellationToken.None);
        var third = await rebuild.RunAsync("programs", restart: false, null, CancellationToken.None);

        Assert.Equal(3, third.Version);
        await WaitUntilServingAsync("programs", 3);
        Assert.Equal(before, await _scenario.AnswersAsync(_app));
        await using var command = _app.ReadModels.CreateCommand(
            "SELECT to_regclass('catalog.programs_v1') IS NULL, to_regclass('catalog.programs_v2') IS NOT NULL");
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.True(reader.GetBoolean(0));
        Assert.True(reader.GetBoolean(1));
    }

    [Fact]
    public async Task AdminEndpointsNeedAnAdminKeyAndReadinessReportsProjectionLag()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.CreateClient().GetAsync("/admin/projections")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _app.Editor().PostAsync("/admin/projections/programs/rebuild", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _app.Admin().PostAsync("/admin/projections/nothing/rebuild", null)).StatusCode);

        var ready = await _app.CreateClient().GetAsync("/readyz");
        var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("programs@v1 lag 0 events", body.GetProperty("checks").GetProperty("projections").GetProperty("description").GetString());
    }

    private async Task<int> ReadContinuouslyAsync(Dictionary<string, string> expected)
    {
        var client = _app.CreateClient();
        var reads = 0;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while ((await Versions.RefreshAsync(timeout.Token))["programs"].Serving == 1)
        {
            foreach (var url in _scenario.Urls().Where(u => u.StartsWith("/v1/programs", StringComparison.Ordinal) || u.StartsWith("/v1/anchors", StringComparison.Ordinal)).Take(8))
            {
                var response = await client.GetAsync(url, timeout.Token);
                Assert.Equal(expected[url], $"{(int)response.StatusCode} {response.Headers.ETag} {await response.Content.ReadAsStringAsync(timeout.Token)}");
                reads++;
            }
        }
        return reads;
    }

    /// <summary>Commits its first chunks, then the process "dies": nothing after is committed.</summary>
    private sealed class DiesAfter(ISubscriptionHandler inner, int chunks, CancellationTokenSource crash) : ISubscriptionHandler
    {
        private int _handled;

        public async Task HandleAsync(IReadOnlyList<RecordedEvent> events, SubscriptionContext context, CancellationToken ct)
        {
            if (_handled == chunks)
            {
                await crash.CancelAsync();
                ct.ThrowIfCancellationRequested();
            }
            await inner.HandleAsync(events, context, ct);
            _handled++;
        }
    }
}
