using System.Diagnostics;
using System.Globalization;
using System.Net;
using Catalog.Projections;
using Catalog.Projections.Rebuilding;
using EventLog;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Benchmarks;

/// <summary>
/// How each cost grows with the log: one log grown by COPY through 1M, 3M and 10M realistic events (env
/// SCALE_BENCH_SIZES, e.g. <c>100000,300000</c> for a quick look), each size measured the same way and printed beside
/// the first size, then a table of ratios last / first. Each step adds new anchors (the platform grows), so a page of
/// history stays the size it is and the log, its indexes and the read models grow. The database is dropped at the end.
/// </summary>
public static class ScaleBenchmark
{
    private const int ReadRate = 1_000;
    private const int ReadSeconds = 5;
    /// <summary>Latency windows per figure, reported as the median of theirs.</summary>
    private const int Windows = 3;

    public static async Task RunAsync(BenchContext context)
    {
        var sizes = (Environment.GetEnvironmentVariable("SCALE_BENCH_SIZES") ?? "1000000,3000000,10000000")
            .Split(',').Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var total = Stopwatch.StartNew();
        var connectionString = await context.NewDatabaseAsync();
        await ScaleDiagnosis.SpaceCheckpointsAsync(context.Server.ConnectionString(), on: true);
        var figures = new List<ScaleFigures>();
        var logs = new List<RealisticLog>();
        long rows = 0;
        for (var step = 0; step < sizes.Length; step++)
        {
            var watch = Stopwatch.StartNew();
            var log = RealisticLog.Generate((int)(sizes[step] - rows), seed: 42 + step, anchorPrefix: $"s{step}");
            logs.Add(log);
            var (added, copyRate) = await ScaleLoad.CopyAsync(connectionString, log);
            rows += added;
            Console.WriteLine();
            Console.WriteLine($"  -- {rows:N0} events ({added:N0} added by COPY at {copyRate:N0} rows/s)");
            var measured = await MeasureAsync(connectionString, rows, copyRate, logs, step);
            figures.Add(measured);
            ScaleReport.Print(measured, figures[0]);
            BenchContext.Line("this size took", $"{watch.Elapsed.TotalMinutes:F1} min");
        }
        ScaleReport.Ratios(figures);
        await ScaleDiagnosis.SpaceCheckpointsAsync(context.Server.ConnectionString(), on: false);
        await DropAsync(context, connectionString);
        BenchContext.Line("scale section took", $"{total.Elapsed.TotalMinutes:F1} min (database dropped)");
    }

    private static async Task<ScaleFigures> MeasureAsync(string connectionString, long rows, double copyRate, List<RealisticLog> logs, int step)
    {
        await using var app = CatalogBenchmark.BuildApp(connectionString);
        var store = app.Services.GetRequiredService<EventStore>();
        var versions = app.Services.GetRequiredService<ProjectionVersions>();
        await versions.EnsureAsync(CancellationToken.None);
        var rebuild = app.Services.GetRequiredService<RebuildProjection>();
        // Each size starts from rest: the COPY's pages written back, so the rebuild does not pay for the load.
        await ScaleDiagnosis.SettleAsync(store.DataSource, "before the rebuild");
        var beforeRebuild = await ServerCounters.TakeAsync(store.DataSource);
        var watch = Stopwatch.StartNew();
        foreach (var projection in versions.Projections)
            await rebuild.RunAsync(projection.Name, restart: false, null, CancellationToken.None);
        var rebuildRate = rows * versions.Projections.Count / watch.Elapsed.TotalSeconds;
        (await ServerCounters.TakeAsync(store.DataSource)).PrintSince(beforeRebuild, "rebuild", rows * versions.Projections.Count, watch.Elapsed);
        await ScaleDiagnosis.PrintSizesAsync(store.DataSource);
        // Right after the rebuild its pages are still being written back: the figure the last run reported.
        var appendsUnderWriteBack = await AppendsAtFixedRateAsync(store, logs[^1], step, 0, 1, "append right after the rebuild");
        await ScaleDiagnosis.SettleAsync(store.DataSource, "after the rebuild");
        var readRate = await ScaleDiagnosis.LogReadRateAsync(store, rows);

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512 }) { BaseAddress = new Uri(address) };
        // Past the page cache: every request asks PostgreSQL, which is what grows with the log.
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "not-a-key");
        await app.Services.GetRequiredService<ProjectionHost>().CatchUpAsync(TimeSpan.FromMinutes(5));

        var random = new Random(7 + step);
        var programs = logs.SelectMany(l => l.Programs.Where(p => p.MergeInto is null).Take(20_000)).Select(p => p.Id).ToArray();
        (RealisticLog Log, int Anchor) AnyAnchor() { var l = logs[random.Next(logs.Count)]; return (l, random.Next(l.Anchors)); }
        var health = await ReadAsync(client, _ => "/healthz");
        var history = await ReadAsync(client, _ => { var (l, a) = AnyAnchor(); return $"/v1/anchors/{l.AnchorId(a)}/programs?limit=20"; });
        var program = await ReadAsync(client, _ => $"/v1/programs/{programs[random.Next(programs.Length)]}");
        var across = await ReadAsync(client, _ => "/v1/programs?limit=20");

        var appends = await AppendsAtFixedRateAsync(store, logs[^1], step, 2_000, Windows, "append at 200/s, at rest");
        var explained = new Random(300 + step);
        await ScaleDiagnosis.ExplainAppendsAsync(store.DataSource, Enumerable.Range(0, 2).Select(i => logs[^1].NewProgram(explained, 1_000_000 * (step + 1) + 100_000 + i))
            .Select(p => new AppendRequest(p.StreamId, ExpectedVersion.Any, p.Events)), store.Types);
        var callbacks = await IngestBenchmark.AcknowledgedPerSecondAsync(connectionString, $"scale{step}-", 10_000);
        var (statusMs, countMs) = await StatusCostAsync(app.Services.GetRequiredService<SubscriptionAdmin>(), store);
        var (logBytes, readModelBytes) = await SizesAsync(store.DataSource, versions);
        await app.StopAsync();
        return new ScaleFigures(rows, appends, appendsUnderWriteBack, callbacks, health, history, program, across, rebuildRate, readRate, copyRate,
            statusMs, countMs, logBytes / (double)rows, readModelBytes);
    }

    private static async Task<Latency> ReadAsync(HttpClient client, Func<int, string> path)
    {
        var failures = 0;
        var windows = new List<Latency>();
        for (var w = 0; w < Windows; w++)
        {
            windows.Add(Latency.Of(await BenchContext.OpenLoopAsync(ReadRate, ReadSeconds, async i =>
            {
                using var response = await client.GetAsync(path(i));
                await response.Content.ReadAsByteArrayAsync();
                if (response.StatusCode != HttpStatusCode.OK) Interlocked.Increment(ref failures);
            })));
        }
        return failures == 0 ? Latency.MedianOf(windows) : throw new InvalidOperationException($"{failures} reads failed");
    }

    /// <summary>
    /// One new realistic program per append (its file events, as ingest appends them), 200 a second for 10 s a window, with the
    /// server's counters for the window.
    /// </summary>
    private static async Task<Latency> AppendsAtFixedRateAsync(EventStore store, RealisticLog log, int step, int first, int windows, string what)
    {
        var random = new Random(100 + step + first);
        var requests = Enumerable.Range(first, 2_000 * windows).Select(i => log.NewProgram(random, 1_000_000 * (step + 1) + i)).ToArray();
        var before = await ServerCounters.TakeAsync(store.DataSource);
        var watch = Stopwatch.StartNew();
        var each = new List<Latency>();
        for (var w = 0; w < windows; w++)
        {
            var offset = 2_000 * w;
            each.Add(Latency.Of(await BenchContext.OpenLoopAsync(200, 10, async i =>
                await store.AppendAsync(new AppendRequest(requests[offset + i].StreamId, ExpectedVersion.Any, requests[offset + i].Events)))));
        }
        var latency = Latency.MedianOf(each);
        var window = watch.Elapsed;
        // Backends publish their statistics within a second of going idle.
        await Task.Delay(TimeSpan.FromSeconds(2));
        BenchContext.Line(what, latency.ToString());
        (await ServerCounters.TakeAsync(store.DataSource)).PrintSince(before, what, requests.Length, window);
        return latency;
    }

    /// <summary>Median of 20 status calls for a subscription that has read nothing (lag = the whole log), beside the exact count it replaced.</summary>
    private static async Task<(double StatusMs, double CountMs)> StatusCostAsync(SubscriptionAdmin admin, EventStore store)
    {
        await using (var probe = store.DataSource.CreateCommand($"INSERT INTO {store.Schema}.subscriptions (name) VALUES ('scale-probe') ON CONFLICT (name) DO UPDATE SET transaction_id = '0', position = 0"))
            await probe.ExecuteNonQueryAsync();
        var status = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            var watch = Stopwatch.StartNew();
            await admin.StatusAsync("scale-probe");
            status.Add(watch.Elapsed.TotalMilliseconds);
        }
        var count = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            var watch = Stopwatch.StartNew();
            await using var exact = store.DataSource.CreateCommand($"SELECT count(*) FROM {store.Schema}.events WHERE (transaction_id, position) > ('0'::xid8, 0)");
            await exact.ExecuteScalarAsync();
            count.Add(watch.Elapsed.TotalMilliseconds);
        }
        return (BenchContext.Median(status), BenchContext.Median(count));
    }

    /// <summary>The log's table with its indexes and TOAST; the serving versions' read-model tables with theirs.</summary>
    private static async Task<(long Log, long ReadModels)> SizesAsync(NpgsqlDataSource db, ProjectionVersions versions)
    {
        var rows = await versions.RefreshAsync(CancellationToken.None);
        await using var command = db.CreateCommand("""
            SELECT pg_total_relation_size('eventlog.events'),
                   (SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = 'catalog' AND c.relkind = 'r' AND c.relname ~ ('_v(' || array_to_string($1, '|') || ')$'))
            """);
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = rows.Values.Select(r => r.Serving).Distinct().ToArray() });
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private static async Task DropAsync(BenchContext context, string connectionString)
    {
        NpgsqlConnection.ClearAllPools();
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        await using var connection = new NpgsqlConnection(context.Server.ConnectionString());
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE \"{name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
