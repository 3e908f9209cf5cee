using System.Runtime.ExceptionServices;
using System.Text.Json;
using Npgsql;

namespace EventLog;

public sealed partial class EventStore
{
    /// <summary>
    /// Runs the batch; when the database refuses a command for its own data, the transaction rolled back (the
    /// outcome is known: nothing committed). A command that cannot even be written is <see cref="AppendStatus.Rejected"/>
    /// alone and the others run again without it; a refusal of the statement, which names no command, is retried one
    /// command per transaction, so only the refused ones fail. Every other error propagates: the caller cannot know
    /// whether the batch committed.
    /// </summary>
    private async Task<AppendResult[]> AppendIsolatedAsync(IReadOnlyList<AppendRequest> requests, CancellationToken ct)
    {
        var results = new AppendResult?[requests.Count];
        var pending = Enumerable.Range(0, requests.Count).ToList();
        while (pending.Count > 0)
        {
            var refused = await ExecuteBatchAsync(requests, pending, results, ct);
            if (refused < 0) break;
            if (refused < pending.Count)
            {
                pending.RemoveAt(refused);
                continue;
            }
            // A single command's refusal is always its own, so every result is known after this.
            foreach (var i in pending) await ExecuteBatchAsync(requests, [i], results, ct);
            break;
        }
        return results.Select(r => r!).ToArray();
    }

    /// <summary>
    /// Errors that belong to one command's data and leave the outcome known: data exceptions (class 22, e.g. text
    /// PostgreSQL cannot store), integrity constraints (23) and program limits (54, e.g. an index row too large),
    /// and a command that cannot even be written (its events do not serialize, a parameter does not encode).
    /// </summary>
    private static bool IsCommandsOwn(Exception ex) => ex switch
    {
        PostgresException pg => pg.SqlState is ['2', '2', ..] or ['2', '3', ..] or ['5', '4', ..],
        NpgsqlException => false,
        JsonException or ArgumentException or InvalidCastException or NotSupportedException or System.Text.EncoderFallbackException => true,
        _ => false,
    };

    private static AppendResult Rejected(Exception ex) => new(AppendStatus.Rejected, 0, null, ExceptionDispatchInfo.Capture(ex));
}
