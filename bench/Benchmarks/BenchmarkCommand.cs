using Testing;

namespace Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/Benchmarks -- [section ...]</c>: runs the named sections (all by default)
/// against one PostgreSQL started for the run with durable settings, printing each figure beside its raw baseline.
/// </summary>
public static class BenchmarkCommand
{
    private static readonly Dictionary<string, Func<BenchContext, Task>> Sections = new()
    {
        ["appends"] = EventLogBenchmark.AppendsAsync,
        ["catch-up"] = EventLogBenchmark.CatchUpAsync,
        ["callbacks"] = IngestBenchmark.CallbacksAsync,
        ["catalog"] = CatalogBenchmark.RunAsync,
    };

    /// <summary>Long sections, run only when named.</summary>
    private static readonly Dictionary<string, Func<BenchContext, Task>> OnRequest = new()
    {
        ["scale"] = ScaleBenchmark.RunAsync,
    };

    public static async Task<int> Main(string[] args)
    {
        if (IngestHost.IsServeCommand(args)) return await IngestHost.ServeAsync(args);
        var chosen = args.Length == 0 ? Sections.Keys.ToArray() : args;
        foreach (var (name, run) in OnRequest) Sections.TryAdd(name, run);
        var unknown = chosen.Where(a => !Sections.ContainsKey(a)).ToList();
        if (unknown.Count > 0)
        {
            Console.Error.WriteLine($"Unknown section(s): {string.Join(", ", unknown)}. Known: {string.Join(", ", Sections.Keys)}");
            return 2;
        }

        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:u}");
        await using var server = await LocalPostgres.StartAsync(durable: true);
        var context = new BenchContext(server);
        foreach (var section in chosen)
        {
            Console.WriteLine();
            Console.WriteLine($"== {section}");
            await Sections[section](context);
        }
        return 0;
    }
}
