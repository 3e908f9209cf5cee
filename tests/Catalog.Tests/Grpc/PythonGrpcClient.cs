using System.Diagnostics;

namespace Catalog.Tests.Grpc;

/// <summary>
/// Runs tests/grpc-client/client.py, a client on Debian's python3-grpcio (not written here), against a server address:
/// health, reflection, a reflection-built call to the catalog without its .proto, raw calls and a plain HTTP/1.1 request.
/// </summary>
public sealed class PythonGrpcClient(string address)
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(60);

    // Debian's interpreter, which has python3-grpcio; a python3 earlier on PATH (pyenv, venv) may not.
    private static readonly string Python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    public async Task<GrpcCallResult> RunAsync(params string[] command)
    {
        await using var call = Start(command);
        return await call.CompletionAsync();
    }

    /// <summary>Starts the client and returns while it runs, so a test can read a stream's messages one at a time.</summary>
    public GrpcClientCall Start(params string[] command)
    {
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(NodeGrpcClient.RepositoryRoot, "tests", "grpc-client", "client.py"));
        start.ArgumentList.Add("--address");
        start.ArgumentList.Add(address);
        foreach (var argument in command) start.ArgumentList.Add(argument);
        return new GrpcClientCall(Process.Start(start)!, ProcessTimeout);
    }
}
