using System.Diagnostics;
using System.Text.Json;

namespace Catalog.Tests.Grpc;

/// <summary>One running client process (client.js or client.py); its stdout is one JSON line per message, then the status line.</summary>
public sealed class GrpcClientCall(Process process, TimeSpan timeout) : IAsyncDisposable
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
