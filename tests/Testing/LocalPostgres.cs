using System.Diagnostics;
using Npgsql;

namespace Testing;

/// <summary>
/// A PostgreSQL server started from the machine's own binaries in a folder of ours, on a free loopback port.
/// Used by the tests (a throwaway cluster) and the benchmarks; no Docker needed.
/// </summary>
public sealed class LocalPostgres : IAsyncDisposable
{
    private readonly string _dataDir;
    private readonly bool _deleteOnDispose;
    private readonly string _bin;
    private readonly string _settings;

    private LocalPostgres(string bin, string dataDir, int port, bool deleteOnDispose, string settings)
    {
        _bin = bin;
        _settings = settings;
        _dataDir = dataDir;
        Port = port;
        _deleteOnDispose = deleteOnDispose;
    }

    public int Port { get; }

    public string ConnectionString(string database = "postgres") =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = "postgres",
            Database = database,
            MaxPoolSize = 50,
        }.ConnectionString;

    /// <param name="durable">False for tests: no fsync, which makes them faster and changes nothing they assert.</param>
    public static async Task<LocalPostgres> StartAsync(bool durable = false, string? dataDir = null)
    {
        var bin = FindBinaries();
        var deleteOnDispose = dataDir is null;
        if (deleteOnDispose) RemoveAbandonedFolders();
        dataDir ??= Path.Combine(Path.GetTempPath(), $"catalog-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dataDir);
        var asRoot = Environment.UserName == "root";
        if (asRoot) await RunAsync("chown", ["-R", "postgres:postgres", dataDir]);

        await RunAsync(Path.Combine(bin, "initdb"), ["-D", dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync", "--locale=C"], asRoot);
        var port = FreePort.Next();
        var settings = $"-p {port} -k {dataDir} -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=256MB"
            + (durable ? "" : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off");
        await RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", dataDir, "-o", settings, "-l", Path.Combine(dataDir, "server.log"), "-w", "-t", "60", "start"], asRoot);
        return new LocalPostgres(bin, dataDir, port, deleteOnDispose, settings);
    }

    /// <summary>A new empty database on this server; tests take one each so none sees another's rows.</summary>
    public async Task<string> CreateDatabaseAsync(string? name = null)
    {
        name ??= $"t_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    /// <summary>
    /// A streaming hot standby of this server: <c>pg_basebackup -R</c> into a folder of its own, started on a free port
    /// with the same settings (a standby needs max_connections at least the primary's).
    /// </summary>
    public async Task<LocalPostgres> StartStandbyAsync()
    {
        var asRoot = Environment.UserName == "root";
        var dataDir = Path.Combine(Path.GetTempPath(), $"catalog-pg-standby-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dataDir);
        if (asRoot) await RunAsync("chown", ["-R", "postgres:postgres", dataDir]);
        await RunAsync(Path.Combine(_bin, "pg_basebackup"),
            ["-D", dataDir, "-R", "-X", "stream", "-c", "fast", "-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres"], asRoot);
        // pg_basebackup keeps the folder's mode; PostgreSQL refuses a data folder others can read.
        await RunAsync("chmod", ["700", dataDir]);
        var port = FreePort.Next();
        var settings = System.Text.RegularExpressions.Regex.Replace(_settings, @"-p \d+ -k \S+", $"-p {port} -k {dataDir}") + " -c hot_standby=on";
        await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", dataDir, "-o", settings, "-l", Path.Combine(dataDir, "server.log"), "-w", "-t", "60", "start"], asRoot);
        return new LocalPostgres(_bin, dataDir, port, deleteOnDispose: true, settings);
    }

    public async Task StopAsync(string mode = "fast")
    {
        var asRoot = Environment.UserName == "root";
        await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", _dataDir, "-m", mode, "-w", "stop"], asRoot, throwOnError: false);
    }

    /// <summary>Starts the same cluster again on the same port after <see cref="StopAsync"/>.</summary>
    public async Task RestartAsync()
    {
        var asRoot = Environment.UserName == "root";
        // pg_ctl start does not remember -o: without it the server would come back on the default port.
        await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", _dataDir, "-o", _settings, "-l", Path.Combine(_dataDir, "server.log"), "-w", "-t", "60", "start"], asRoot);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync("immediate");
        if (_deleteOnDispose)
        {
            try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>
    /// A test host killed right after its run never gets to delete its cluster's folder (hundreds of MB each): a
    /// folder of ours whose server is stopped (no postmaster.pid) and untouched for ten minutes is such a leftover.
    /// </summary>
    private static void RemoveAbandonedFolders()
    {
        foreach (var folder in Directory.EnumerateDirectories(Path.GetTempPath(), "catalog-pg-*"))
        {
            if (File.Exists(Path.Combine(folder, "postmaster.pid"))) continue;
            if (DateTime.UtcNow - Directory.GetLastWriteTimeUtc(folder) < TimeSpan.FromMinutes(10)) continue;
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static string FindBinaries()
    {
        var fromEnv = Environment.GetEnvironmentVariable("PG_BIN");
        if (!string.IsNullOrEmpty(fromEnv)) return fromEnv;
        var root = "/usr/lib/postgresql";
        var versions = Directory.Exists(root)
            ? Directory.GetDirectories(root).Where(d => File.Exists(Path.Combine(d, "bin", "pg_ctl")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0).ToList()
            : [];
        return versions.Count > 0
            ? Path.Combine(versions[0], "bin")
            : throw new InvalidOperationException("PostgreSQL binaries not found: apt-get install -y postgresql, or set PG_BIN.");
    }

    private static async Task RunAsync(string file, string[] args, bool asPostgres = false, bool throwOnError = true)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asPostgres)
        {
            foreach (var a in new[] { "-u", "postgres", "--", file }) start.ArgumentList.Add(a);
        }
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0 && throwOnError)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {await stderr}{await stdout}");
    }
}
