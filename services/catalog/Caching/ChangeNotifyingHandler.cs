using EventLog;
using Npgsql;

namespace Catalog.Caching;

/// <summary>
/// Has a projection's batch notify <see cref="ReadModelChanges.Channel"/> in the transaction that commits it, and
/// moves this process's generation at once too: a read of this replica that follows the commit then never meets a
/// page cached before it, even before the notification comes back.
/// </summary>
public sealed class ChangeNotifyingHandler(ISubscriptionHandler inner, ReadModelChanges changes) : ISubscriptionHandler
{
    public async Task HandleAsync(IReadOnlyList<RecordedEvent> events, SubscriptionContext context, CancellationToken ct)
    {
        await inner.HandleAsync(events, context, ct);
        await using var notify = context.Command("SELECT pg_notify($1, $2)");
        notify.Parameters.Add(new NpgsqlParameter<string> { TypedValue = ReadModelChanges.Channel });
        notify.Parameters.Add(new NpgsqlParameter<string> { TypedValue = context.SubscriptionName });
        await notify.ExecuteNonQueryAsync(ct);
        // A page filled between here and the commit is stale under the new generation until the notification moves it again.
        changes.Bump();
    }

    public bool Reads(string eventType) => inner.Reads(eventType);
}
