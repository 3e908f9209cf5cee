using System.Diagnostics;
using Testing;

namespace Benchmarks;

/// <summary>What every benchmark section shares: the server, fresh databases and the way figures are printed.</summary>
public sealed class BenchContext(LocalPostgres server)
{
    public LocalPostgres Server => server;

    public Task<string> NewDatabaseAsync() => server.CreateDatabaseAsync();

    /// <summary>Prints a measured rate beside its baseline, with the ratio.</summary>
    public static void Compare(string what, double rate, string baselineWhat, double baseline, string unit = "/s") =>
        Console.WriteLine($"  {what,-44} {rate,12:N0} {unit}   vs {baselineWhat} {baseline:N0} {unit}   ratio {rate / baseline:P0}");

    public static void Line(string what, string figure) => Console.WriteLine($"  {what,-44} {figure}");

    /// <summary>Runs <paramref name="work"/> on <paramref name="workers"/> concurrent loops for a fixed count; returns operations per second.</summary>
    public static async Task<double> RateAsync(int workers, int operationsPerWorker, Func<int, int, Task> work)
    {
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < operationsPerWorker; i++) await work(w, i);
        })));
        return workers * operationsPerWorker / watch.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// Open loop at a fixed rate: operation i starts at its scheduled time and is timed from then, so a stall counts
    /// for everything queued behind it. Returns the latencies in ms, sorted.
    /// </summary>
    public static async Task<List<double>> OpenLoopAsync(int rate, int seconds, Func<int, Task> operation)
    {
        var latencies = new double[rate * seconds];
        var tasks = new List<Task>(latencies.Length);
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < latencies.Length; i++)
        {
            var due = start + (long)(i * (double)Stopwatch.Frequency / rate);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.FromMilliseconds(1)) await Task.Delay(wait);
            var index = i;
            tasks.Add(Task.Run(async () =>
            {
                await operation(index);
                latencies[index] = Stopwatch.GetElapsedTime(due).TotalMilliseconds;
            }));
        }
        await Task.WhenAll(tasks);
        return [.. latencies.Order()];
    }

    public static double Median(List<double> values) => Percentile([.. values.Order()], 0.5);

    public static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
