using System.Diagnostics;
using System.Net.Sockets;
using Testing;

namespace SystemTests.Harness;

/// <summary>
/// Debian's nginx with libnginx-mod-rtmp, run from a temporary prefix with its own configuration: one RTMP application
/// <c>live</c> recording everything in chunks of <paramref name="recordInterval"/> and calling <c>on_record_done</c>.
/// </summary>
public sealed class NginxRtmpServer : IAsyncDisposable
{
    private readonly Process _process;

    private NginxRtmpServer(string prefix, string recordRoot, int port, Process process)
    {
        Prefix = prefix;
        RecordRoot = recordRoot;
        Port = port;
        _process = process;
    }

    public string Prefix { get; }
    public string RecordRoot { get; }
    public int Port { get; }
    public string ErrorLog => File.Exists(Path.Combine(Prefix, "error.log")) ? File.ReadAllText(Path.Combine(Prefix, "error.log")) : "";

    public static async Task<NginxRtmpServer> StartAsync(string onRecordDone, TimeSpan recordInterval)
    {
        var prefix = Directory.CreateTempSubdirectory("nginx-rtmp-").FullName;
        var records = Path.Combine(prefix, "rec");
        Directory.CreateDirectory(records);
        // Workers run as nobody when nginx starts as root: they must be able to write the recordings.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(prefix, (UnixFileMode)0b111_101_101);
            File.SetUnixFileMode(records, (UnixFileMode)0b111_111_111);
        }
        var port = FreePort.Next();
        var config = Path.Combine(prefix, "nginx.conf");
        await File.WriteAllTextAsync(config, $$"""
            load_module /usr/lib/nginx/modules/ngx_rtmp_module.so;
            daemon off;
            worker_processes 1;
            error_log {{prefix}}/error.log info;
            pid {{prefix}}/nginx.pid;
            events { worker_connections 64; }
            rtmp {
                server {
                    listen 127.0.0.1:{{port}};
                    application live {
                        live on;
                        record all;
                        record_path {{records}};
                        record_unique on;
                        record_interval {{(int)recordInterval.TotalSeconds}}s;
                        on_record_done {{onRecordDone}};
                    }
                }
            }
            """);
        var start = new ProcessStartInfo("nginx") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "-p", prefix, "-c", config, "-e", Path.Combine(prefix, "error.log") }) start.ArgumentList.Add(arg);
        var process = Process.Start(start)!;
        var server = new NginxRtmpServer(prefix, records, port, process);
        await Eventually.TrueAsync(() => process.HasExited || Listening(port), "nginx to listen for RTMP", 20);
        if (process.HasExited)
            throw new InvalidOperationException($"nginx exited with {process.ExitCode}: {await process.StandardError.ReadToEndAsync()}\n{server.ErrorLog}");
        return server;
    }

    /// <summary>Publishes a generated picture and tone to <c>live/{name}</c> for <paramref name="duration"/>, in real time, and waits for it to end.</summary>
    public async Task PushAsync(string name, TimeSpan duration)
    {
        var push = new ProcessStartInfo("ffmpeg") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[]
                 {
                     "-hide_banner", "-loglevel", "error", "-re",
                     "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25", "-f", "lavfi", "-i", "sine",
                     "-t", duration.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-c:a", "aac", "-f", "flv", $"rtmp://127.0.0.1:{Port}/live/{name}",
                 })
            push.ArgumentList.Add(arg);
        using var ffmpeg = Process.Start(push)!;
        var errors = ffmpeg.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(duration + TimeSpan.FromSeconds(30));
        await ffmpeg.WaitForExitAsync(timeout.Token);
        if (ffmpeg.ExitCode != 0) throw new InvalidOperationException($"ffmpeg exited with {ffmpeg.ExitCode}: {await errors}");
    }

    /// <summary>The recordings nginx wrote, by name.</summary>
    public IReadOnlyList<string> Recordings() =>
        Directory.GetFiles(RecordRoot).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList()!;

    private static bool Listening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGQUIT: nginx's graceful stop, which lets the workers finish their last notifications.
            using (var quit = Process.Start("kill", ["-QUIT", _process.Id.ToString()])) await quit.WaitForExitAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        _process.Dispose();
        Directory.Delete(Prefix, recursive: true);
    }
}
