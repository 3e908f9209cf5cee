using System.Diagnostics;
using System.Runtime;

namespace Benchmarks;

/// <summary>
/// CPU and allocations of this process per operation, with the part the JIT took: tiered compilation keeps
/// recompiling hot methods for tens of thousands of requests after start, which is warm-up, not the work's cost.
/// </summary>
public static class CpuMeter
{
    public sealed record Sample(double PerSecond, double CpuMicros, double JitMicros, double AllocatedBytes);

    /// <summary>Runs <paramref name="work"/> (<paramref name="operations"/> of them) and measures it per operation.</summary>
    public static async Task<Sample> MeasureAsync(int operations, Func<Task> work)
    {
        var (cpu, jit, allocated) = (Process.GetCurrentProcess().TotalProcessorTime, JitInfo.GetCompilationTime(), GC.GetTotalAllocatedBytes());
        var watch = Stopwatch.StartNew();
        await work();
        var seconds = watch.Elapsed.TotalSeconds;
        return new Sample(
            operations / seconds,
            (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / operations,
            (JitInfo.GetCompilationTime() - jit).TotalMicroseconds / operations,
            (GC.GetTotalAllocatedBytes() - allocated) / (double)operations);
    }

    /// <summary>Each figure's median over the samples.</summary>
    public static Sample Median(IReadOnlyList<Sample> samples) => new(
        BenchContext.Median([.. samples.Select(s => s.PerSecond)]),
        BenchContext.Median([.. samples.Select(s => s.CpuMicros)]),
        BenchContext.Median([.. samples.Select(s => s.JitMicros)]),
        BenchContext.Median([.. samples.Select(s => s.AllocatedBytes)]));

    /// <summary>
    /// Runs rounds of <paramref name="round"/> until two in a row compile fewer than <paramref name="settledMethods"/>
    /// methods each (or <paramref name="maxRounds"/> have run): then the code measured next is the tier-1 code that stays.
    /// </summary>
    public static async Task<int> WarmUpAsync(Func<Task> round, int settledMethods = 30, int maxRounds = 25)
    {
        var quiet = 0;
        for (var i = 1; ; i++)
        {
            var before = JitInfo.GetCompiledMethodCount();
            await round();
            quiet = JitInfo.GetCompiledMethodCount() - before < settledMethods ? quiet + 1 : 0;
            if (quiet == 2 || i == maxRounds) return i;
        }
    }
}
