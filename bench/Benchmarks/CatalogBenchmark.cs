using System.Diagnostics;
using System.Net;
using Catalog.Hosting;
using Catalog.Projections;
using Catalog.Projections.Rebuilding;
using EventLog;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;

namespace Benchmarks;

/// <summary>
/// The catalog: rebuild of every projection over a realistic log (default 1,000,000 events; env CATALOG_BENCH_EVENTS)
/// beside a raw COPY of the same rows; anchor-history latency at a fixed 1,000 requests/s; freshness from an
/// append's commit to its program answering over REST.
/// </summary>
public static class CatalogBenchmark
{
    public static async Task RunAsync(BenchContext context)
    {
        var target = int.Parse(Environment.GetEnvironmentVariable("CATALOG_BENCH_EVENTS") ?? "1000000", System.Globalization.CultureInfo.InvariantCulture);
        var connectionString = await context.NewDatabaseAsync();
        await using var app = BuildApp(connectionString);
        var store = app.Services.GetRequiredService<EventStore>();
        await EventLogSchema.EnsureAsync(store.DataSource, store.Schema);

        var log = RealisticLog.Generate(target, seed: 42);
        // The raw baseline: the log's rows, serialized beforehand, written with binary COPY (which is also how the log is seeded).
        var (rows, copyRate) = await ScaleLoad.CopyAsync(connectionString, log);
        BenchContext.Line("log", $"{rows:N0} events: {log.Programs.Count:N0} programs of {log.Anchors:N0} anchors, {log.FeedEvents:N0} curation events");

        var versions = app.Services.GetRequiredService<ProjectionVersions>();
        await versions.EnsureAsync(CancellationToken.None);
        var rebuild = app.Services.GetRequiredService<RebuildProjection>();
        var total = Stopwatch.StartNew();
        foreach (var projection in versions.Projections)
        {
            var result = await rebuild.RunAsync(projection.Name, restart: false, null, CancellationToken.None);
            BenchContext.Compare($"rebuild {projection.Name} (v{result.Version})", result.EventsFolded / result.Elapsed.TotalSeconds,
                "raw COPY of the same rows", copyRate, "events/s");
        }
        BenchContext.Compare("rebuild of all projections, one after the other", rows * versions.Projections.Count / total.Elapsed.TotalSeconds,
            "raw COPY", copyRate, "events/s");

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512 }) { BaseAddress = new Uri(address) };
        await app.Services.GetRequiredService<ProjectionHost>().CatchUpAsync(TimeSpan.FromMinutes(2));

        await AnchorHistoryLatencyAsync(client, log);
        var busiest = log.Programs.GroupBy(p => p.Anchor).MinBy(g => Math.Abs(g.Count() - 60))!;
        await ReadSaturation.RunAsync(address, $"/v1/anchors/{log.AnchorId(busiest.Key)}/programs?limit=20");
        await FreshnessAsync(client, store, log);
        await app.StopAsync();
    }

    internal static WebApplication BuildApp(string connectionString)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Services.AddHealthChecks();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Catalog"] = connectionString,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Catalog:AdminKeys:0"] = "bench-admin",
            ["Catalog:RebuildBatchSize"] = Environment.GetEnvironmentVariable("CATALOG_BENCH_BATCH") ?? "5000",
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddCatalog();
        var app = builder.Build();
        app.MapCatalog();
        app.MapHealthChecks("/healthz", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { Predicate = _ => false });
        return app;
    }

    /// <summary>
    /// Open loop: requests leave on a fixed schedule and latency counts from the scheduled time (no coordinated
    /// omission). The same load on <c>/healthz</c> (no database, no body) is the machine's own floor.
    /// </summary>
    private static async Task AnchorHistoryLatencyAsync(HttpClient client, RealisticLog log)
    {
        const int rate = 1_000;
        var random = new Random(7);
        await OpenLoopAsync(client, rate, 2, _ => "/healthz");
        var floor = await OpenLoopAsync(client, rate, 10, _ => "/healthz");
        await OpenLoopAsync(client, rate, 2, _ => $"/v1/anchors/{log.AnchorId(random.Next(log.Anchors))}/programs?limit=20");
        var history = await OpenLoopAsync(client, rate, 10, _ => $"/v1/anchors/{log.AnchorId(random.Next(log.Anchors))}/programs?limit=20");
        BenchContext.Line($"anchor history, 20 a page, at {rate:N0} req/s", history);
        BenchContext.Line($"  baseline: GET /healthz at {rate:N0} req/s", floor);
    }

    internal static async Task<string> OpenLoopAsync(HttpClient client, int rate, int seconds, Func<int, string> url)
    {
        var count = rate * seconds;
        var latencies = new double[count];
        var failures = 0;
        var tasks = new List<Task>(count);
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            var due = start + (long)(i * (double)Stopwatch.Frequency / rate);
            while (Stopwatch.GetTimestamp() < due) await Task.Delay(1);
            var (n, path) = (i, url(i));
            tasks.Add(Task.Run(async () =>
            {
                using var response = await client.GetAsync(path);
                await response.Content.ReadAsByteArrayAsync();
                if (response.StatusCode != HttpStatusCode.OK) Interlocked.Increment(ref failures);
                latencies[n] = Stopwatch.GetElapsedTime(due).TotalMilliseconds;
            }));
        }
        await Task.WhenAll(tasks);
        var achieved = count / Stopwatch.GetElapsedTime(start).TotalSeconds;
        var sorted = latencies.Order().ToList();
        return $"p50 {BenchContext.Percentile(sorted, 0.5):F2} ms, p99 {BenchContext.Percentile(sorted, 0.99):F2} ms, max {sorted[^1]:F1} ms ({count:N0} requests, {achieved:N0}/s achieved, {failures} non-200)";
    }

    /// <summary>From an append's commit (when ingest answers the callback 200) until the new program answers over REST.</summary>
    private static async Task FreshnessAsync(HttpClient client, EventStore store, RealisticLog log)
    {
        const int samples = 300;
        var random = new Random(11);
        var latencies = new List<double>(samples);
        var budget = Stopwatch.StartNew();
        for (var i = 0; i < samples && budget.Elapsed < TimeSpan.FromSeconds(90); i++)
        {
            var (streamId, events, programId) = log.NewProgram(random, i);
            await store.AppendAsync(new AppendRequest(streamId, ExpectedVersion.Any, events));
            var committed = Stopwatch.GetTimestamp();
            while (true)
            {
                using var response = await client.GetAsync($"/v1/programs/{programId}");
                if (response.StatusCode == HttpStatusCode.OK) break;
                await Task.Delay(1);
            }
            latencies.Add(Stopwatch.GetElapsedTime(committed).TotalMilliseconds);
            await Task.Delay(random.Next(5, 30));
        }
        var sorted = latencies.Order().ToList();
        BenchContext.Line($"freshness, append commit -> REST ({latencies.Count} programs)",
            $"p50 {BenchContext.Percentile(sorted, 0.5):F1} ms, p99 {BenchContext.Percentile(sorted, 0.99):F1} ms, max {sorted[^1]:F1} ms");
    }
}
