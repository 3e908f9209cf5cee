using System.Diagnostics;
using System.Runtime;

namespace Benchmarks;

/// <summary>
/// CPU of this process over a stretch of work, with the part the JIT took: tiered compilation keeps recompiling hot
/// methods for tens of thousands of requests after start, which is warm-up, not the cost of the work itself.
/// </summary>
public readonly record struct CpuMeter(TimeSpan Cpu, TimeSpan Jit)
{
    public static CpuMeter Start() => new(Process.GetCurrentProcess().TotalProcessorTime, JitInfo.GetCompilationTime());

    /// <summary>Microseconds of CPU and of JIT per operation since <see cref="Start"/>.</summary>
    public (double Cpu, double Jit) PerOperation(int operations) =>
        ((Process.GetCurrentProcess().TotalProcessorTime - Cpu).TotalMicroseconds / operations,
         (JitInfo.GetCompilationTime() - Jit).TotalMicroseconds / operations);

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
