using Catalog.Projections;
using EventLog;
using Npgsql;

namespace Catalog.SigningIn;

/// <summary>
/// The tables behind console sign-in, created once per process. It takes the lock the projections' migration takes:
/// both may create the catalog schema, and two concurrent CREATE SCHEMA IF NOT EXISTS can collide.
/// </summary>
public sealed class ConsoleSchema(ReadModelDatabase database)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _ready;

    /// <summary>A command on the primary (sign-in writes), once the tables exist.</summary>
    public async Task<NpgsqlCommand> CommandAsync(string sql, CancellationToken ct)
    {
        if (!_ready) await EnsureAsync(ct);
        return database.DataSource.CreateCommand(sql);
    }

    private async Task EnsureAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (_ready) return;
            await SchemaMigration.RunAsync(database.DataSource, ProjectionVersions.SchemaLock, """
                CREATE SCHEMA IF NOT EXISTS catalog;
                CREATE TABLE IF NOT EXISTS catalog.console_sessions (
                    token_hash      bytea PRIMARY KEY,
                    name            text NOT NULL,
                    role            text NOT NULL,
                    key_fingerprint bytea NOT NULL,
                    created_at      timestamptz NOT NULL,
                    expires_at      timestamptz NOT NULL);
                CREATE INDEX IF NOT EXISTS console_sessions_expiry ON catalog.console_sessions (expires_at);
                CREATE TABLE IF NOT EXISTS catalog.console_sign_in_failures (
                    client         text PRIMARY KEY,
                    failures       int NOT NULL,
                    last_failed_at timestamptz NOT NULL,
                    blocked_until  timestamptz);
                """, ct);
            _ready = true;
        }
        finally
        {
            _gate.Release();
        }
    }
}
