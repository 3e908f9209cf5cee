using System.Text.Json;
using EventLog;
using Npgsql;
using NpgsqlTypes;

namespace Catalog.Programs.Projecting;

/// <summary>The programs projection's reads and writes inside a subscription's transaction, one statement per kind of row.</summary>
internal sealed class ProgramRows(int version, SubscriptionContext context)
{
    private readonly string _programs = ProgramTables.Programs(version);
    private readonly string _files = ProgramTables.Files(version);
    private readonly string _screenshots = ProgramTables.Screenshots(version);

    public async Task UpsertFilesAsync(Dictionary<(string Stream, string File), FileDetails> files, CancellationToken ct)
    {
        if (files.Count == 0) return;
        await using var command = Command($"""
            INSERT INTO {_files} (log_stream, file_id, url, size_bytes, times_inconsistent)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::boolean[])
            ON CONFLICT (log_stream, file_id) DO UPDATE
              SET url = excluded.url, size_bytes = excluded.size_bytes, times_inconsistent = excluded.times_inconsistent
            """);
        var list = files.ToList();
        Add(command, list.Select(f => f.Key.Stream).ToArray());
        Add(command, list.Select(f => f.Key.File).ToArray());
        Add(command, list.Select(f => f.Value.Url).ToArray());
        Add(command, list.Select(f => f.Value.SizeBytes).ToArray());
        Add(command, list.Select(f => f.Value.TimesInconsistent).ToArray());
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task InsertScreenshotsAsync(List<(string Stream, ProgramCover Shot)> screenshots, CancellationToken ct)
    {
        if (screenshots.Count == 0) return;
        await using var command = Command($"INSERT INTO {_screenshots} (log_stream, taken_at, url) SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::text[])");
        Add(command, screenshots.Select(s => s.Stream).ToArray());
        Add(command, screenshots.Select(s => s.Shot.TakenAt).ToArray());
        Add(command, screenshots.Select(s => s.Shot.Url).ToArray());
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<Dictionary<(string, string), FileDetails>> LoadFilesAsync(HashSet<(string Stream, string File)> keys, CancellationToken ct)
    {
        var result = new Dictionary<(string, string), FileDetails>();
        if (keys.Count == 0) return result;
        await using var command = Command($"""
            SELECT f.log_stream, f.file_id, f.url, f.size_bytes, f.times_inconsistent
            FROM unnest($1::text[], $2::text[]) AS k(s, f)
            JOIN {_files} f ON f.log_stream = k.s AND f.file_id = k.f
            """);
        Add(command, keys.Select(k => k.Stream).ToArray());
        Add(command, keys.Select(k => k.File).ToArray());
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            result[(reader.GetString(0), reader.GetString(1))] = new FileDetails(reader.GetString(2), reader.GetInt64(3), reader.GetBoolean(4));
        return result;
    }

    public async Task<Dictionary<Guid, ProgramState>> LoadAsync(HashSet<Guid> ids, CancellationToken ct)
    {
        var result = new Dictionary<Guid, ProgramState>();
        if (ids.Count == 0) return result;
        await using var command = Command($"SELECT state FROM {_programs} WHERE id = ANY($1)");
        Add(command, ids.ToArray());
        foreach (var state in await ReadStatesAsync(command, ct)) result[state.Id] = state;
        return result;
    }

    /// <summary>Stored programs (not among <paramref name="loaded"/>) whose span holds one of the screenshots.</summary>
    public async Task<List<ProgramState>> ProgramsCoveringAsync(List<(string Stream, ProgramCover Shot)> screenshots, IEnumerable<Guid> loaded, CancellationToken ct)
    {
        if (screenshots.Count == 0) return [];
        // Programs of one stream do not overlap, so the few latest started before the shot are the only candidates.
        await using var command = Command($"""
            SELECT DISTINCT p.state FROM unnest($1::text[], $2::timestamptz[]) AS k(s, t)
            CROSS JOIN LATERAL (
                SELECT id, state, ended_at FROM {_programs}
                WHERE log_stream = k.s AND started_at <= k.t AND merged_into IS NULL
                ORDER BY started_at DESC LIMIT 4) p
            WHERE p.ended_at >= k.t AND NOT p.id = ANY($3)
            """);
        Add(command, screenshots.Select(s => s.Stream).ToArray());
        Add(command, screenshots.Select(s => s.Shot.TakenAt).ToArray());
        Add(command, loaded.ToArray());
        return await ReadStatesAsync(command, ct);
    }

    /// <summary>The latest waiting screenshot within each program's span (ties broken by url), if any.</summary>
    public async Task<Dictionary<Guid, ProgramCover>> CoversAsync(List<ProgramState> programs, CancellationToken ct)
    {
        var result = new Dictionary<Guid, ProgramCover>();
        if (programs.Count == 0) return result;
        await using var command = Command($"""
            SELECT k.id, c.taken_at, c.url FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::timestamptz[]) AS k(id, s, a, b)
            CROSS JOIN LATERAL (
                SELECT taken_at, url FROM {_screenshots}
                WHERE log_stream = k.s AND taken_at >= k.a AND taken_at <= k.b
                ORDER BY taken_at DESC, url COLLATE "C" DESC LIMIT 1) c
            """);
        Add(command, programs.Select(p => p.Id).ToArray());
        Add(command, programs.Select(p => p.LogStream).ToArray());
        Add(command, programs.Select(p => p.StartedAt).ToArray());
        Add(command, programs.Select(p => p.EndedAt).ToArray());
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) result[reader.GetGuid(0)] = new ProgramCover(reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2));
        return result;
    }

    /// <summary>
    /// Writes each changed program once: the ones already stored with one UPDATE, the new ones (most of them while
    /// rebuilding) with a binary COPY inside the same transaction.
    /// </summary>
    public async Task WriteProgramsAsync(List<(ProgramState State, ProgramView? View)> programs, IReadOnlySet<Guid> stored, CancellationToken ct)
    {
        var rows = programs.Select(p => (p.State, Json: JsonSerializer.Serialize(p.State, CatalogJson.Default.ProgramState),
            View: p.View is null ? "" : JsonSerializer.Serialize(p.View, CatalogJson.Default.ProgramView))).ToList();
        var updates = rows.Where(r => stored.Contains(r.State.Id)).ToList();
        if (updates.Count > 0)
        {
            await using var command = Command($"""
                UPDATE {_programs} p SET anchor_id = u.anchor_id, log_stream = u.log_stream, started_at = u.started_at,
                  ended_at = u.ended_at, merged_into = u.merged_into, hidden = u.hidden, state = u.state, view = u.view
                FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::uuid[], $7::boolean[], $8::text[], $9::text[])
                  AS u(id, anchor_id, log_stream, started_at, ended_at, merged_into, hidden, state, view)
                WHERE p.id = u.id
                """);
            Add(command, updates.Select(p => p.State.Id).ToArray());
            Add(command, updates.Select(p => p.State.AnchorId).ToArray());
            Add(command, updates.Select(p => p.State.LogStream).ToArray());
            Add(command, updates.Select(p => p.State.StartedAt).ToArray());
            Add(command, updates.Select(p => p.State.EndedAt).ToArray());
            Add(command, updates.Select(p => p.State.MergedInto).ToArray());
            Add(command, updates.Select(p => p.State.Hidden is not null).ToArray());
            Add(command, updates.Select(p => p.Json).ToArray());
            Add(command, updates.Select(p => p.View).ToArray());
            await command.ExecuteNonQueryAsync(ct);
        }
        var inserts = rows.Where(r => !stored.Contains(r.State.Id)).ToList();
        if (inserts.Count == 0) return;
        await using var writer = await context.CopyAsync(
            $"COPY {_programs} (id, anchor_id, log_stream, started_at, ended_at, merged_into, hidden, state, view) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var (state, json, view) in inserts)
        {
            await writer.StartRowAsync(ct);
            await writer.WriteAsync(state.Id, NpgsqlDbType.Uuid, ct);
            await writer.WriteAsync(state.AnchorId, NpgsqlDbType.Text, ct);
            await writer.WriteAsync(state.LogStream, NpgsqlDbType.Text, ct);
            await writer.WriteAsync(state.StartedAt, NpgsqlDbType.TimestampTz, ct);
            await writer.WriteAsync(state.EndedAt, NpgsqlDbType.TimestampTz, ct);
            if (state.MergedInto is { } survivor) await writer.WriteAsync(survivor, NpgsqlDbType.Uuid, ct);
            else await writer.WriteNullAsync(ct);
            await writer.WriteAsync(state.Hidden is not null, NpgsqlDbType.Boolean, ct);
            await writer.WriteAsync(json, NpgsqlDbType.Text, ct);
            await writer.WriteAsync(view, NpgsqlDbType.Text, ct);
        }
        await writer.CompleteAsync(ct);
    }

    private static async Task<List<ProgramState>> ReadStatesAsync(NpgsqlCommand command, CancellationToken ct)
    {
        var result = new List<ProgramState>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            result.Add(JsonSerializer.Deserialize(reader.GetString(0), CatalogJson.Default.ProgramState)!);
        return result;
    }

    private NpgsqlCommand Command(string sql) => context.Command(sql);

    private static void Add<T>(NpgsqlCommand command, T value) => command.Parameters.Add(new NpgsqlParameter<T> { TypedValue = value });
}
