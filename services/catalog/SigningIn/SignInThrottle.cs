using Microsoft.Extensions.Options;
using Npgsql;

namespace Catalog.SigningIn;

/// <summary>
/// Slows down guessing: after <c>Catalog:Console:FreeSignInFailures</c> wrong keys from one client, each further try
/// waits, twice as long as the last (up to a quarter of an hour). Kept in PostgreSQL so every replica counts the same
/// failures; a client that stays quiet for the forgetting window starts afresh, and a right key clears its record.
/// </summary>
public sealed class SignInThrottle(ConsoleSchema schema, IOptions<CatalogOptions> options, TimeProvider clock)
{
    private static readonly TimeSpan Forget = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(15);

    /// <summary>How long the client must still wait before its next try, or null when it may try now.</summary>
    public async Task<TimeSpan?> WaitAsync(string client, CancellationToken ct)
    {
        await using var command = await schema.CommandAsync("SELECT blocked_until FROM catalog.console_sign_in_failures WHERE client = $1", ct);
        Add(command, client);
        var blocked = await command.ExecuteScalarAsync(ct) is DateTime until ? new DateTimeOffset(until, TimeSpan.Zero) : (DateTimeOffset?)null;
        var now = clock.GetUtcNow();
        return blocked > now ? blocked - now : null;
    }

    /// <summary>Counts a wrong key; from the allowed number on, the client waits before its next try.</summary>
    public async Task FailedAsync(string client, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var count = await schema.CommandAsync("""
            INSERT INTO catalog.console_sign_in_failures AS f (client, failures, last_failed_at) VALUES ($1, 1, $2)
            ON CONFLICT (client) DO UPDATE
              SET failures = CASE WHEN f.last_failed_at < $3 THEN 1 ELSE f.failures + 1 END, last_failed_at = $2
            RETURNING failures
            """, ct);
        Add(count, client);
        Add(count, now);
        Add(count, now - Forget);
        var failures = (int)(await count.ExecuteScalarAsync(ct))!;
        var free = options.Value.Console.FreeSignInFailures;
        if (failures < free) return;
        var delay = TimeSpan.FromSeconds(Math.Min(MaxDelay.TotalSeconds, 2 * Math.Pow(2, Math.Min(failures - free, 20))));
        await using var block = await schema.CommandAsync("UPDATE catalog.console_sign_in_failures SET blocked_until = $2 WHERE client = $1", ct);
        Add(block, client);
        Add(block, now + delay);
        await block.ExecuteNonQueryAsync(ct);
    }

    public async Task SucceededAsync(string client, CancellationToken ct)
    {
        await using var command = await schema.CommandAsync("DELETE FROM catalog.console_sign_in_failures WHERE client = $1 OR last_failed_at < $2", ct);
        Add(command, client);
        Add(command, clock.GetUtcNow() - Forget - MaxDelay);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static void Add<T>(NpgsqlCommand command, T value) => command.Parameters.Add(new NpgsqlParameter<T> { TypedValue = value });
}
