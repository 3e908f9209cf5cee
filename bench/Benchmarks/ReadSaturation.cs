using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Benchmarks;

/// <summary>
/// Reads at saturation with wrk (2 threads, 32 connections, 10 s) against the running catalog: one anchor's history
/// page as the public asks for it (served from the page cache while nothing changes), the same page with an
/// Authorization header (never cached: every request asks PostgreSQL), and <c>/healthz</c> as the process's ceiling.
/// </summary>
public static partial class ReadSaturation
{
    public static async Task RunAsync(string baseAddress, string anchorPage)
    {
        var url = baseAddress.TrimEnd('/');
        await WrkAsync($"{url}/healthz", seconds: 2);
        var health = await WrkAsync($"{url}/healthz");
        await WrkAsync($"{url}{anchorPage}", seconds: 2);
        var cached = await WrkAsync($"{url}{anchorPage}");
        var uncached = await WrkAsync($"{url}{anchorPage}", "Authorization: Bearer bench-reader");
        if (health is null || cached is null || uncached is null)
        {
            BenchContext.Line("reads at saturation", "skipped: wrk is not installed (scripts/ensure-tools.sh)");
            return;
        }
        BenchContext.Compare($"GET {anchorPage}, public (page cache)", cached.Value, "/healthz", health.Value, "req/s");
        BenchContext.Compare("the same with Authorization (PostgreSQL each time)", uncached.Value, "/healthz", health.Value, "req/s");
    }

    /// <summary>Requests per second wrk reports, or null without wrk.</summary>
    private static async Task<double?> WrkAsync(string url, string? header = null, int seconds = 10)
    {
        var start = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-t2", "-c32", $"-d{seconds}s" }) start.ArgumentList.Add(arg);
        if (header is not null) { start.ArgumentList.Add("-H"); start.ArgumentList.Add(header); }
        start.ArgumentList.Add(url);
        Process? wrk;
        try
        {
            wrk = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
        using var process = wrk!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (output.Contains("Non-2xx", StringComparison.Ordinal)) throw new InvalidOperationException($"wrk saw errors on {url}:\n{output}");
        var match = RequestsPerSecond().Match(output);
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : throw new InvalidOperationException(output);
    }

    [GeneratedRegex(@"Requests/sec:\s+([0-9.]+)")]
    private static partial Regex RequestsPerSecond();
}
