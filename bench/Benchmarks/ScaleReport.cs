namespace Benchmarks;

/// <summary>
/// Latency percentiles. Over several windows each is the median of the windows' own, so a burst of other work on the
/// shared machine during one window does not decide the figure.
/// </summary>
public sealed record Latency(double P50, double P99)
{
    public static Latency Of(List<double> sorted) => new(BenchContext.Percentile(sorted, 0.5), BenchContext.Percentile(sorted, 0.99));

    public static Latency MedianOf(IReadOnlyList<Latency> windows) =>
        new(BenchContext.Median([.. windows.Select(w => w.P50)]), BenchContext.Median([.. windows.Select(w => w.P99)]));

    public override string ToString() => $"p50 {P50:F2} ms, p99 {P99:F2} ms";
}

public sealed record ScaleFigures(
    long Events, Latency Appends, Latency AppendsUnderWriteBack, double CallbacksPerSecond, Latency Health, Latency History, Latency Program,
    Latency Across, double RebuildRate, double LogReadRate, double CopyRate, double StatusMs, double ExactCountMs, double BytesPerEvent, long ReadModelBytes);

/// <summary>Prints one size's figures beside the first size's, and the closing table of ratios.</summary>
public static class ScaleReport
{
    private static IEnumerable<(string Name, Func<ScaleFigures, double> Value, string Unit)> Rows() =>
    [
        ("append p50 at 200/s", f => f.Appends.P50, "ms"),
        ("append p99 at 200/s", f => f.Appends.P99, "ms"),
        ("append p50 right after the rebuild", f => f.AppendsUnderWriteBack.P50, "ms"),
        ("append p99 right after the rebuild", f => f.AppendsUnderWriteBack.P99, "ms"),
        ("callbacks acknowledged at saturation", f => f.CallbacksPerSecond, "/s"),
        ("/healthz p50 at 1,000 req/s (floor)", f => f.Health.P50, "ms"),
        ("anchor history p50 at 1,000 req/s", f => f.History.P50, "ms"),
        ("anchor history p99", f => f.History.P99, "ms"),
        ("GET /v1/programs/{id} p50 at 1,000 req/s", f => f.Program.P50, "ms"),
        ("GET /v1/programs/{id} p99", f => f.Program.P99, "ms"),
        ("GET /v1/programs (across anchors) p50", f => f.Across.P50, "ms"),
        ("GET /v1/programs (across anchors) p99", f => f.Across.P99, "ms"),
        ("rebuild of all projections", f => f.RebuildRate, "events/s"),
        ("log read in commit order, alone", f => f.LogReadRate, "events/s"),
        ("raw COPY of the added rows", f => f.CopyRate, "rows/s"),
        ("subscription status, lag = whole log", f => f.StatusMs, "ms"),
        ("exact count it replaced", f => f.ExactCountMs, "ms"),
        ("log bytes per event (table+indexes+TOAST)", f => f.BytesPerEvent, "B"),
        ("read models (serving versions)", f => f.ReadModelBytes / 1048576.0, "MiB"),
    ];

    public static void Print(ScaleFigures now, ScaleFigures first)
    {
        foreach (var (name, value, unit) in Rows())
            BenchContext.Line(name, $"{value(now),12:N2} {unit,-8} at {first.Events / 1e6:F1}M: {value(first),12:N2}   ratio {value(now) / value(first):F2}");
        BenchContext.Line("rebuild beside raw COPY", $"{now.RebuildRate / now.CopyRate:P0}");
    }

    public static void Ratios(List<ScaleFigures> all)
    {
        var (first, last) = (all[0], all[^1]);
        Console.WriteLine();
        Console.WriteLine($"  ratios {last.Events / 1e6:F1}M / {first.Events / 1e6:F1}M events (latency, size: lower is better; rates: higher is better)");
        foreach (var (name, value, unit) in Rows())
            Console.WriteLine($"  | {name,-44} | {string.Join(" | ", all.Select(f => $"{value(f),10:N2}"))} {unit,-8} | {value(last) / value(first),5:F2} |");
    }
}
