using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;

namespace SystemTests.Harness;

/// <summary>One of our services, built by the solution, running as a real process (<c>dotnet Service.dll</c>).</summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private static readonly string[] InheritedPrefixesToDrop =
        ["OTEL_", "ConnectionStrings__", "Tencent__", "Catalog__", "Ingest__", "EventLog__", "Kestrel__", "Logging__", "ASPNETCORE_", "DOTNET_URLS",
         "NginxRtmp__", "Srs__", "ZlMediaKit__", "LiveKit__", "Mux__", "Ivs__"];

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private int _disposed;

    private ServiceProcess(string name, Process process, Uri baseAddress)
    {
        Name = name;
        _process = process;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public string Name { get; }
    public Uri BaseAddress { get; }

    /// <summary>Catalog's cleartext HTTP/2 gRPC endpoint, when the process has one.</summary>
    public Uri? GrpcAddress { get; set; }
    public HttpClient Http { get; }
    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;
    public IReadOnlyCollection<string> Output => _output.ToArray();

    /// <summary>Starts <c>services/{folder}/bin/{Configuration}/net10.0/{assembly}.dll</c> listening on <paramref name="port"/>.</summary>
    public static ServiceProcess Start(string folder, string assembly, int port, IReadOnlyDictionary<string, string> environment)
    {
        var metadata = typeof(ServiceProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().ToDictionary(a => a.Key, a => a.Value);
        var directory = Path.Combine(metadata["ServicesRoot"]!, folder, "bin", metadata["Configuration"]!, "net10.0");
        var dll = Path.Combine(directory, assembly + ".dll");
        if (!File.Exists(dll)) throw new FileNotFoundException("Build the solution first.", dll);

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        // The test decides every setting: nothing from the developer's or CI's shell leaks in.
        foreach (var key in start.Environment.Keys.Where(k => InheritedPrefixesToDrop.Any(p => k.StartsWith(p, StringComparison.OrdinalIgnoreCase))).ToList())
            start.Environment.Remove(key);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Urls"] = $"http://127.0.0.1:{port}";
        foreach (var (key, value) in environment) start.Environment[key] = value;

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var service = new ServiceProcess(assembly, process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) service._output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) service._output.Enqueue(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return service;
    }

    /// <summary>Waits until <paramref name="path"/> answers 200 (e.g. <c>/readyz</c>).</summary>
    public async Task WaitUntilAsync(string path, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode}:\n{string.Join('\n', Output)}");
            try
            {
                using var response = await Http.GetAsync(path);
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"{Name} did not answer {path} within {timeout}:\n{string.Join('\n', Output)}");
    }

    /// <summary>SIGTERM, as Kubernetes and Docker send it: the service drains and exits by itself.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()]);
        kill.WaitForExit();
    }

    /// <summary>SIGKILL: the process dies on the spot, as on a node failure.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    /// <summary>SIGTERM and wait for the process to exit; returns its exit code.</summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        Terminate();
        return await WaitForExitAsync(timeout);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
