using System.Diagnostics;
using System.Runtime;
using System.Runtime.InteropServices;

namespace Benchmarks;

/// <summary>
/// CPU, context switches and allocations of a process per operation, with the part the JIT took: tiered compilation
/// keeps recompiling hot methods for tens of thousands of requests after start, which is warm-up, not the work's cost.
/// </summary>
public static class CpuMeter
{
    /// <summary>A process's counters at one moment.</summary>
    public sealed record Usage(TimeSpan Cpu, TimeSpan Jit, long CompiledMethods, long AllocatedBytes, long ContextSwitches)
    {
        public static Usage OfThisProcess() => new(
            Process.GetCurrentProcess().TotalProcessorTime, JitInfo.GetCompilationTime(), JitInfo.GetCompiledMethodCount(),
            GC.GetTotalAllocatedBytes(), ContextSwitchesOfThisProcess());
    }

    public sealed record Sample(double PerSecond, double CpuMicros, double JitMicros, double AllocatedBytes, double ContextSwitches);

    /// <summary>A probe of this process.</summary>
    public static readonly Func<Task<Usage>> ThisProcess = () => Task.FromResult(Usage.OfThisProcess());

    /// <summary>
    /// Runs <paramref name="work"/> (<paramref name="operations"/> of them) and measures each probed process per
    /// operation over the same interval.
    /// </summary>
    public static async Task<Sample[]> MeasureAsync(int operations, Func<Task> work, params Func<Task<Usage>>[] probes)
    {
        var before = await Task.WhenAll(probes.Select(p => p()));
        var watch = Stopwatch.StartNew();
        await work();
        var seconds = watch.Elapsed.TotalSeconds;
        var after = await Task.WhenAll(probes.Select(p => p()));
        return [.. before.Zip(after, (b, a) => new Sample(
            operations / seconds,
            (a.Cpu - b.Cpu).TotalMicroseconds / operations,
            (a.Jit - b.Jit).TotalMicroseconds / operations,
            (a.AllocatedBytes - b.AllocatedBytes) / (double)operations,
            (a.ContextSwitches - b.ContextSwitches) / (double)operations))];
    }

    /// <summary>Each figure's median over the samples.</summary>
    public static Sample Median(IEnumerable<Sample> samples)
    {
        var all = samples.ToList();
        double Of(Func<Sample, double> figure) => BenchContext.Median([.. all.Select(figure)]);
        return new(Of(s => s.PerSecond), Of(s => s.CpuMicros), Of(s => s.JitMicros), Of(s => s.AllocatedBytes), Of(s => s.ContextSwitches));
    }

    /// <summary>
    /// Runs rounds of <paramref name="round"/> until two in a row compile fewer than <paramref name="settledMethods"/>
    /// methods each in the probed process (or <paramref name="maxRounds"/> have run): then the code measured next is
    /// the tier-1 code that stays.
    /// </summary>
    public static async Task<int> WarmUpAsync(Func<Task> round, Func<Task<Usage>> probe, int settledMethods = 30, int maxRounds = 25)
    {
        var quiet = 0;
        for (var i = 1; ; i++)
        {
            var before = (await probe()).CompiledMethods;
            await round();
            quiet = (await probe()).CompiledMethods - before < settledMethods ? quiet + 1 : 0;
            if (quiet == 2 || i == maxRounds) return i;
        }
    }

    /// <summary>Voluntary and involuntary context switches of every thread this process has had (getrusage).</summary>
    private static long ContextSwitchesOfThisProcess() =>
        GetResourceUsage(0, out var usage) == 0 ? usage.VoluntarySwitches + usage.InvoluntarySwitches : -1;

    [StructLayout(LayoutKind.Sequential)]
    private struct ResourceUsage
    {
        public long UserSeconds, UserMicroseconds, SystemSeconds, SystemMicroseconds;
        public long MaxResident, SharedMemory, UnsharedData, UnsharedStack, MinorFaults, MajorFaults, Swaps;
        public long BlocksIn, BlocksOut, MessagesSent, MessagesReceived, Signals;
        public long VoluntarySwitches, InvoluntarySwitches;
    }

    [DllImport("libc", EntryPoint = "getrusage")]
    private static extern int GetResourceUsage(int who, out ResourceUsage usage);
}
