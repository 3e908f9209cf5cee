using System.Diagnostics;
using System.Text.Json;

namespace Catalog.Tests.Grpc;

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
    public GrpcClientCall Start(string method, object request, int? deadlineMs = null, IEnumerable<string>? metadata = null, int? maxMessages = null, bool gzip = false)
    {
        var args = new List<string> { "--address", address, "--method", method, "--request", JsonSerializer.Serialize(request) };
        if (deadlineMs is { } d) args.AddRange(["--deadline-ms", d.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        if (maxMessages is { } m) args.AddRange(["--max-messages", m.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        foreach (var pair in metadata ?? []) args.AddRange(["--metadata", pair]);
        if (gzip) args.Add("--gzip");
        return StartScript("client.js", args);
    }

    /// <summary>
    /// Runs reflect.js: grpc-js-reflection-client lists the services and the catalog's methods, then calls
    /// <paramref name="method"/> with what it built from the descriptors it fetched, without any .proto file.
    /// </summary>
    public async Task<GrpcCallResult> CallThroughReflectionAsync(string version, string method, object request)
    {
        await using var call = StartScript("reflect.js", ["--address", address, "--version", version, "--method", method, "--request", JsonSerializer.Serialize(request)]);
        return await call.CompletionAsync();
    }

    private static GrpcClientCall StartScript(string script, IEnumerable<string> args)
    {
        var folder = Path.Combine(RepositoryRoot, "tests", "grpc-client");
        if (!Directory.Exists(Path.Combine(folder, "node_modules")))
            throw new InvalidOperationException("Run `npm ci` in tests/grpc-client first (test.sh does).");
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(folder, script));
        foreach (var a in args) start.ArgumentList.Add(a);
        return new GrpcClientCall(Process.Start(start)!, ProcessTimeout);
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
