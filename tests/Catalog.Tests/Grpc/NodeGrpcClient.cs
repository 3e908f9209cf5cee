using System.Diagnostics;
using System.Text.Json;

namespace Catalog.Tests.Grpc;

/// <summary>A call's outcome as @grpc/grpc-js saw it: the messages it received and the status it ended with.</summary>
public sealed record GrpcCallResult(IReadOnlyList<JsonElement> Messages, int Code, string Details, JsonElement Metadata)
{
    public JsonElement Message => Assert.Single(Messages);
}

/// <summary>
/// Runs tests/grpc-client/client.js, a gRPC client built on @grpc/grpc-js (not written here), against a server address.
/// </summary>
public sealed class NodeGrpcClient(string address)
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(60);

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public async Task<GrpcCallResult> CallAsync(string method, object request, int? deadlineMs = null, IEnumerable<string>? metadata = null, bool gzip = false)
    {
        await using var call = Start(method, request, deadlineMs, metadata, gzip: gzip);
        return await call.CompletionAsync();
    }

    /// <summary>Starts a call and returns while it runs, so a test can read a stream's messages one at a time.</summary>
    public NodeGrpcCall Start(string method, object request, int? deadlineMs = null, IEnumerable<string>? metadata = null, int? maxMessages = null, bool gzip = false)
    {
        var script = Path.Combine(RepositoryRoot, "tests", "grpc-client", "client.js");
        if (!Directory.Exists(Path.Combine(RepositoryRoot, "tests", "grpc-client", "node_modules")))
            throw new InvalidOperationException("Run `npm ci` in tests/grpc-client first (test.sh does).");
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var args = new List<string> { script, "--address", address, "--method", method, "--request", JsonSerializer.Serialize(request) };
        if (deadlineMs is { } d) args.AddRange(["--deadline-ms", d.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        if (maxMessages is { } m) args.AddRange(["--max-messages", m.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        foreach (var pair in metadata ?? []) args.AddRange(["--metadata", pair]);
        if (gzip) args.Add("--gzip");
        foreach (var a in args) start.ArgumentList.Add(a);
        return new NodeGrpcCall(Process.Start(start)!, ProcessTimeout);
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Catalog.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("Catalog.sln not found above the test binaries.");
    }
}

/// <summary>One running client process; its stdout is one JSON line per message, then the status line.</summary>
public sealed class NodeGrpcCall(Process process, TimeSpan timeout) : IAsyncDisposable
{
    private readonly List<JsonElement> _messages = [];
    private readonly Task<string> _stderr = process.StandardError.ReadToEndAsync();
    private GrpcCallResult? _result;

    /// <summary>The next streamed message, or null once the call has ended.</summary>
    public async Task<JsonElement?> NextMessageAsync(TimeSpan? wait = null)
    {
        if (_result is not null) return null;
        using var cts = new CancellationTokenSource(wait ?? timeout);
        string? line;
        try
        {
            line = await process.StandardOutput.ReadLineAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No line from the gRPC client within {wait ?? timeout}.");
        }
        if (line is null) throw new InvalidOperationException($"The gRPC client exited without a status: {await _stderr}");
        using var doc = JsonDocument.Parse(line);
        var root = doc.RootElement.Clone();
        if (root.TryGetProperty("message", out var message))
        {
            _messages.Add(message);
            return message;
        }
        var status = root.GetProperty("status");
        _result = new GrpcCallResult(_messages, status.GetProperty("code").GetInt32(), status.GetProperty("details").GetString() ?? "", status.GetProperty("metadata"));
        return null;
    }

    /// <summary>Asks the client to cancel the call (it does so when its stdin closes).</summary>
    public void Cancel() => process.StandardInput.Close();

    public async Task<GrpcCallResult> CompletionAsync()
    {
        while (_result is null) await NextMessageAsync();
        using var cts = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cts.Token);
        return _result;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }
}
