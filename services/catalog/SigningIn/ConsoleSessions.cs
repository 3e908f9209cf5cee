using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Npgsql;
using ServiceDefaults.Keys;

namespace Catalog.SigningIn;

public sealed record ConsoleSession(Principal Principal, DateTimeOffset ExpiresAt);

/// <summary>
/// The console's sign-in sessions, kept in PostgreSQL so that every catalog replica knows them and sign-out ends a
/// session everywhere at once (a signed cookie could not be revoked before it expires). Only a hash of each token is
/// stored, so reading the table gives no one a usable cookie; a session ends when its key is rotated out.
/// </summary>
public sealed class ConsoleSessions(ConsoleSchema schema, CatalogKeys keys, IOptions<CatalogOptions> options, TimeProvider clock)
{
    public const string CookieName = "catalog_session";
    public const string CsrfHeader = "X-CSRF-Token";

    public static string? TokenOf(HttpContext context) =>
        context.Request.Cookies.TryGetValue(CookieName, out var token) && !string.IsNullOrEmpty(token) ? token : null;

    /// <summary>A new session for the principal: its token (the cookie's value) and when it ends.</summary>
    public async Task<(string Token, ConsoleSession Session)> CreateAsync(Principal principal, CancellationToken ct)
    {
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        var session = new ConsoleSession(principal, now + options.Value.Console.SessionLifetime);
        // Expired sessions go as new ones come: the clean-up costs one indexed DELETE per sign-in.
        await using var command = await schema.CommandAsync("""
            WITH expired AS (DELETE FROM catalog.console_sessions WHERE expires_at <= $5)
            INSERT INTO catalog.console_sessions (token_hash, name, role, key_fingerprint, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)
            """, ct);
        Add(command, Hash(token));
        Add(command, principal.Name);
        Add(command, principal.Role);
        Add(command, keys.Ring.Fingerprint(principal)!);
        Add(command, now);
        Add(command, session.ExpiresAt);
        await command.ExecuteNonQueryAsync(ct);
        return (token, session);
    }

    /// <summary>The live session the token names, if its principal's key is still the one it was made with.</summary>
    public async Task<ConsoleSession?> FindAsync(string token, CancellationToken ct)
    {
        await using var command = await schema.CommandAsync(
            "SELECT name, role, key_fingerprint, expires_at FROM catalog.console_sessions WHERE token_hash = $1 AND expires_at > $2", ct);
        Add(command, Hash(token));
        Add(command, clock.GetUtcNow());
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        var principal = new Principal(reader.GetString(0), reader.GetString(1));
        var fingerprint = reader.GetFieldValue<byte[]>(2);
        var current = keys.Ring.Fingerprint(principal);
        if (current is null || !CryptographicOperations.FixedTimeEquals(current, fingerprint)) return null;
        return new ConsoleSession(principal, reader.GetFieldValue<DateTimeOffset>(3));
    }

    public async Task DeleteAsync(string token, CancellationToken ct)
    {
        await using var command = await schema.CommandAsync("DELETE FROM catalog.console_sessions WHERE token_hash = $1", ct);
        Add(command, Hash(token));
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The session's CSRF token: derived from the secret cookie, so it needs no storage and only the page that signed in can know it.</summary>
    public static string Csrf(string token) => Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes("csrf:" + token)));

    public static bool CsrfMatches(string token, string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(Csrf(token))), SHA256.HashData(Encoding.UTF8.GetBytes(presented)));

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    private static void Add<T>(NpgsqlCommand command, T value) => command.Parameters.Add(new NpgsqlParameter<T> { TypedValue = value });
}
