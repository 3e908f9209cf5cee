using Npgsql;

namespace EventLog;

/// <summary>
/// Wakes subscription runners after appends commit. Notifying outside the append transaction keeps PostgreSQL's
/// notify-queue lock off the commit path; the appends of a short window share one notification, so a busy writer
/// sends at most one every <see cref="Window"/>. A lost notification costs a runner at most its poll interval.
/// </summary>
internal sealed class AppendNotifier(NpgsqlDataSource dataSource, string channel)
{
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(5);
    private int _scheduled;

    public void Signal()
    {
        if (Interlocked.Exchange(ref _scheduled, 1) == 0) _ = NotifyAsync();
    }

    private async Task NotifyAsync()
    {
        await Task.Delay(Window);
        // Cleared before sending, so an append committing during the send schedules one more notification.
        Volatile.Write(ref _scheduled, 0);
        try
        {
            await using var command = dataSource.CreateCommand("SELECT pg_notify($1, '')");
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = channel });
            await command.ExecuteNonQueryAsync();
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or ObjectDisposedException)
        {
            // Runners fall back to polling.
        }
    }
}
