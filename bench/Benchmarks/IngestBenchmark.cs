using System.Text;
using Ingest.Tencent;
using Npgsql;

namespace Benchmarks;

/// <summary>
/// Signed Tencent recording callbacks through the ingest, run in a process of its own on a real Kestrel port, from an
/// HttpClient load in this process: acknowledged/s at saturation, the ingest process's CPU per callback, and p50/p99
/// at a fixed 1,000/s, beside the raw rate and CPU of the same event rows INSERTed straight into PostgreSQL by as many
/// concurrent writers in this process.
/// </summary>
public static class IngestBenchmark
{
    private const int Writers = 64;
    private const int Rounds = 3;
    private const int RoundCallbacks = 10_000;
    private const int FixedRate = 1_000;
    private const int FixedRateSeconds = 10;

    public static async Task CallbacksAsync(BenchContext context)
    {
        var connectionString = await context.NewDatabaseAsync();
        // The ingest runs in a process of its own, so that its CPU is not the load generator's (nor the raw writer's).
        await using var ingest = await IngestProcess.StartAsync(connectionString);
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Writers * 2 }) { BaseAddress = new Uri(ingest.Url) };
        var bodies = new CallbackBodies();

        // Every side warms up until the JIT settles, so each figure is the steady state's; the JIT left is printed apart.
        // Then the sides alternate, three rounds each, and the medians are compared: other load on the machine hits all alike.
        Task Ingest(int n) => SaturateAsync(client, "/callbacks/tencent", bodies, n);
        // One pool for every raw round, as ingest keeps its own: connecting is not part of either figure.
        await using var rawSource = NpgsqlDataSource.Create(connectionString);
        Task Raw(int n) => RawInsertsAsync(rawSource, n);
        Task Floor(int n) => SaturateAsync(client, IngestHost.HttpFloorPath, bodies, n);
        var warm = $"{await CpuMeter.WarmUpAsync(() => Ingest(2_000), ingest.UsageAsync)}, " +
                   $"{await CpuMeter.WarmUpAsync(() => Raw(2_000), CpuMeter.ThisProcess)} and " +
                   $"{await CpuMeter.WarmUpAsync(() => Floor(2_000), ingest.UsageAsync)}";
        await ingest.BatchesAsync(); // the warm-up's commits are left out of the batch sizes printed below
        var (ingested, raw, floor) = (new List<CpuMeter.Sample[]>(), new List<CpuMeter.Sample>(), new List<CpuMeter.Sample[]>());
        for (var round = 0; round < Rounds; round++)
        {
            ingested.Add(await CpuMeter.MeasureAsync(RoundCallbacks, () => Ingest(RoundCallbacks), ingest.UsageAsync, CpuMeter.ThisProcess));
            raw.Add((await CpuMeter.MeasureAsync(RoundCallbacks, () => Raw(RoundCallbacks), CpuMeter.ThisProcess))[0]);
            floor.Add(await CpuMeter.MeasureAsync(RoundCallbacks, () => Floor(RoundCallbacks), ingest.UsageAsync, CpuMeter.ThisProcess));
        }
        var (i, load, r) = (CpuMeter.Median(ingested.Select(s => s[0])), CpuMeter.Median(ingested.Select(s => s[1])), CpuMeter.Median(raw));
        var (f, floorLoad) = (CpuMeter.Median(floor.Select(s => s[0])), CpuMeter.Median(floor.Select(s => s[1])));
        BenchContext.Line("group commit at saturation", await ingest.BatchesAsync());
        BenchContext.Compare($"callbacks acknowledged, {Writers} senders", i.PerSecond, "raw INSERT of their rows", r.PerSecond, "/s");
        // CPU time, steadier than rates on a shared machine; PostgreSQL's own CPU is in neither figure.
        BenchContext.Line("CPU per callback, ingest process",
            $"{i.CpuMicros:N0} µs vs raw INSERT {r.CpuMicros:N0} µs: {i.CpuMicros / r.CpuMicros:N2}x (medians of {Rounds} rounds of {RoundCallbacks:N0})");
        BenchContext.Line("  of which the HTTP round trip alone",
            $"{f.CpuMicros:N0} µs (Kestrel reading the body and answering {{\"code\":0}}, {f.PerSecond:N0} /s)");
        BenchContext.Line("  the load generator, this process",
            $"{load.CpuMicros:N0} µs per callback ({floorLoad.CpuMicros:N0} µs per bare request); with it counted: {(i.CpuMicros + load.CpuMicros) / r.CpuMicros:N2}x");
        BenchContext.Line("  context switches per callback",
            $"{i.ContextSwitches:N1} vs raw INSERT {r.ContextSwitches:N1}, HTTP alone {f.ContextSwitches:N1} (load generator {load.ContextSwitches:N1})");
        BenchContext.Line("  allocated per callback",
            $"{i.AllocatedBytes:N0} B vs raw INSERT {r.AllocatedBytes:N0} B, HTTP alone {f.AllocatedBytes:N0} B");
        BenchContext.Line("  JIT left in the figures", $"{i.JitMicros:N1} µs vs raw INSERT {r.JitMicros:N1} µs (warm-up rounds of 2,000: {warm})");

        var (latencies, late) = await FixedRateAsync(client, bodies, FixedRate, FixedRateSeconds);
        BenchContext.Line($"latency at {FixedRate:N0}/s for {FixedRateSeconds} s",
            $"p50 {BenchContext.Percentile(latencies, 0.5):N1} ms, p99 {BenchContext.Percentile(latencies, 0.99):N1} ms, max {latencies[^1]:N1} ms ({latencies.Count:N0} callbacks, {late} not 200)");
        var rawLatencies = await RawFixedRateAsync(connectionString, FixedRate, FixedRateSeconds);
        BenchContext.Line($"raw INSERT latency at {FixedRate:N0}/s",
            $"p50 {BenchContext.Percentile(rawLatencies, 0.5):N1} ms, p99 {BenchContext.Percentile(rawLatencies, 0.99):N1} ms");
    }

    /// <summary>Signed callbacks acknowledged per second at saturation by an ingest started on <paramref name="connectionString"/>.</summary>
    internal static async Task<double> AcknowledgedPerSecondAsync(string connectionString, string streamPrefix, int count)
    {
        await using var app = await IngestHost.StartAsync(connectionString);
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Writers * 2 }) { BaseAddress = new Uri(app.Url()) };
        var bodies = new CallbackBodies(streamPrefix);
        await SaturateAsync(client, "/callbacks/tencent", bodies, 1_000);
        var rate = await SaturateAsync(client, "/callbacks/tencent", bodies, count);
        await app.StopAsync();
        return rate;
    }

    private static async Task<double> SaturateAsync(HttpClient client, string path, CallbackBodies bodies, int count)
    {
        var failures = 0;
        var rate = await BenchContext.RateAsync(Writers, count / Writers, async (_, _) =>
        {
            using var response = await client.PostAsync(path, bodies.Next());
            if (!response.IsSuccessStatusCode) Interlocked.Increment(ref failures);
        });
        return failures == 0 ? rate : throw new InvalidOperationException($"{failures} callbacks were not acknowledged.");
    }

    private static async Task<(List<double> Sorted, int NotOk)> FixedRateAsync(HttpClient client, CallbackBodies bodies, int rate, int seconds)
    {
        var notOk = 0;
        var sorted = await BenchContext.OpenLoopAsync(rate, seconds, async _ =>
        {
            using var response = await client.PostAsync("/callbacks/tencent", bodies.Next());
            if (!response.IsSuccessStatusCode) Interlocked.Increment(ref notOk);
        });
        return (sorted, notOk);
    }

    private const string RawTable = """
        CREATE TABLE IF NOT EXISTS raw_callback_events (
            position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, stream_id text NOT NULL, stream_version bigint NOT NULL,
            event_type text NOT NULL, data jsonb NOT NULL, idempotency_key text, recorded_at timestamptz NOT NULL,
            UNIQUE (stream_id, stream_version));
        """;

    /// <summary>The rows one callback produces (file created, segmented), one INSERT per callback, as many writers.</summary>
    private static async Task RawInsertsAsync(NpgsqlDataSource dataSource, int count)
    {
        await using (var create = dataSource.CreateCommand(RawTable)) await create.ExecuteNonQueryAsync();
        var stamp = Guid.NewGuid().ToString("N")[..8];
        await BenchContext.RateAsync(Writers, count / Writers, (w, i) => RawInsertAsync(dataSource, $"raw-{stamp}-{w}-{i}"));
    }

    private static async Task<List<double>> RawFixedRateAsync(string connectionString, int rate, int seconds)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using (var create = dataSource.CreateCommand(RawTable)) await create.ExecuteNonQueryAsync();
        return await BenchContext.OpenLoopAsync(rate, seconds, i => RawInsertAsync(dataSource, $"rawlat-{i}"));
    }

    private static async Task RawInsertAsync(NpgsqlDataSource dataSource, string streamId)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO raw_callback_events (stream_id, stream_version, event_type, data, idempotency_key, recorded_at)
            VALUES ($1, 1, 'recording-file-created', $2::jsonb, $1, now()), ($1, 2, 'stream-segmented', $3::jsonb, NULL, now())
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = streamId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = CallbackBodies.FileJson });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = CallbackBodies.SegmentJson });
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Recording callbacks of many streams, each stream's files 10-minute cuts, signed as Tencent signs them.</summary>
    private sealed class CallbackBodies(string streamPrefix = "anchor")
    {
        private const int Streams = 5_000;
        private int _next = -1;

        public const string FileJson = """{"streamId":"1400_anchor","anchorId":"anchor","provider":"tencent","fileId":"528589078315532687","format":"mp4","url":"http://vod.example/f.mp4","sizeBytes":1234356,"startedAt":"2026-11-20T20:00:00+00:00","endedAt":"2026-11-20T20:10:00+00:00","durationSeconds":600,"timesInconsistent":false,"details":{"appId":"1","app":"push.example","appName":"live"}}""";
        public const string SegmentJson = """{"streamId":"1400_anchor","anchorId":"anchor","programId":"0b0c8f4e-3c9a-5d2e-8f00-1a2b3c4d5e6f","format":"mp4","fileId":"528589078315532687","index":0,"startedAt":"2026-11-20T20:00:00+00:00","endedAt":"2026-11-20T20:10:00+00:00","reason":"IntervalCut"}""";

        public StringContent Next()
        {
            var n = Interlocked.Increment(ref _next);
            var (stream, piece) = (n % Streams, n / Streams);
            var end = 1_763_668_800L + piece * 600 + 600;
            var t = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds();
            var body = $$"""
                {"appid":1,"app":"push.example","appname":"live","stream_id":"1400_{{streamPrefix}}{{stream}}","channel_id":"1400_{{streamPrefix}}{{stream}}",
                 "file_id":"{{streamPrefix}}-f-{{n}}","record_file_id":"{{streamPrefix}}-f-{{n}}","file_format":"mp4","task_id":"task-{{stream}}","start_time":1763668800,
                 "end_time":{{end}},"duration":600,"file_size":1234356,"video_url":"http://vod.example/f-{{n}}.mp4",
                 "event_type":100,"t":{{t}},"sign":"{{TencentSignature.Sign(IngestHost.CallbackKey, t)}}"}
                """;
            return new StringContent(body, Encoding.UTF8, "application/json");
        }
    }
}
