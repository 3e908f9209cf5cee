using Microsoft.Extensions.Logging;
using Npgsql;

namespace EventLog;

/// <summary>Creates the schema once the database answers, and tells readiness probes whether it is usable.</summary>
public sealed partial class EventLogReadiness(EventStore store, ILogger<EventLogReadiness> logger)
{
    private readonly TaskCompletionSource _schemaReady = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool SchemaReady => _schemaReady.Task.IsCompletedSuccessfully;

    /// <summary>Completes when the schema is in place; services wait on it before they touch the log.</summary>
    public Task WhenSchemaReady(CancellationToken ct) => _schemaReady.Task.WaitAsync(ct);

    public async Task EnsureSchemaAsync(CancellationToken ct)
    {
        for (var attempt = 1; !ct.IsCancellationRequested; attempt++)
        {
            try
            {
                await EventLogSchema.EnsureAsync(store.DataSource, store.Schema, ct);
                _schemaReady.TrySetResult();
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
            {
                LogWaiting(logger, ex, attempt);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 5)), store.Clock, ct);
            }
        }
    }

    /// <summary>Ready when the schema exists and the database answers now.</summary>
    public async Task<(bool Ready, string Detail)> CheckAsync(CancellationToken ct)
    {
        if (!SchemaReady) return (false, "event log schema not created yet");
        try
        {
            await using var command = store.DataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(ct);
            return (true, "database reachable, schema ready");
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            return (false, $"database unreachable: {ex.Message}");
        }
    }

    [LoggerMessage(LogLevel.Warning, "Database not ready for the event log (attempt {Attempt}); retrying")]
    private static partial void LogWaiting(ILogger logger, Exception ex, int attempt);
}
