using System.Diagnostics;
using System.Net.Http.Json;
using System.Runtime.InteropServices;

namespace Benchmarks;

/// <summary>
/// The ingest in a process of its own, with the service's runtime settings: its CPU is then its own, apart from the
/// load generator's, and its thread pool is not shared with the client's.
/// </summary>
public sealed class IngestProcess : IAsyncDisposable
{
    private readonly Process _child;
    private readonly HttpClient _meter;

    private IngestProcess(Process child, string url)
    {
        (_child, Url) = (child, url);
        _meter = new HttpClient { BaseAddress = new Uri(url) };
    }

    public string Url { get; }

    public static async Task<IngestProcess> StartAsync(string connectionString)
    {
        // The host of this runtime, running this assembly with the ingest service's runtime settings (its GC, its
        // thread pool's settings), as `dotnet Ingest.dll` would run.
        var dotnet = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..", "dotnet"));
        var folder = AppContext.BaseDirectory;
        var start = new ProcessStartInfo(dotnet) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in (string[])["exec", "--runtimeconfig", Path.Combine(folder, "Ingest.runtimeconfig.json"),
                     "--depsfile", Path.Combine(folder, "Benchmarks.deps.json"), typeof(IngestHost).Assembly.Location,
                     IngestHost.ServeCommand, connectionString])
            start.ArgumentList.Add(argument);
        var child = Process.Start(start)!;
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        child.OutputDataReceived += (_, line) =>
        {
            if (line.Data is null) listening.TrySetException(new InvalidOperationException("The ingest process ended before it listened."));
            else if (line.Data.StartsWith(IngestHost.ListeningLine, StringComparison.Ordinal)) listening.TrySetResult(line.Data[IngestHost.ListeningLine.Length..]);
            else Console.WriteLine(line.Data);
        };
        child.BeginOutputReadLine();
        return new IngestProcess(child, await listening.Task.WaitAsync(TimeSpan.FromMinutes(1)));
    }

    public async Task<CpuMeter.Usage> UsageAsync() => (await _meter.GetFromJsonAsync<CpuMeter.Usage>(IngestHost.UsagePath))!;

    /// <summary>Callbacks per commit and time per commit since the last call.</summary>
    public Task<string> BatchesAsync() => _meter.GetStringAsync(IngestHost.BatchesPath);

    public async ValueTask DisposeAsync()
    {
        _meter.Dispose();
        _child.StandardInput.Close();
        using var stopped = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _child.WaitForExitAsync(stopped.Token);
        }
        catch (OperationCanceledException)
        {
            _child.Kill(entireProcessTree: true);
        }
        _child.Dispose();
    }
}
