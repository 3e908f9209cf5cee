using Catalog.Programs.Projecting;
using Catalog.Projections;
using Npgsql;

namespace Catalog.Programs;

/// <summary>Reads of the serving version of the programs projection, shared by every query that shows programs.</summary>
public sealed class ProgramsReadModel(ReadModelDatabase database, ProjectionVersions versions)
{
    private readonly bool _onPrimary;

    private ProgramsReadModel(ReadModelDatabase database, ProjectionVersions versions, bool onPrimary) : this(database, versions) =>
        _onPrimary = onPrimary;

    /// <summary>
    /// The same reads on the primary, for commands (curation, moderation): they decide on what is committed, which a
    /// replica may not have replayed yet (or may be gone).
    /// </summary>
    public ProgramsReadModel OnPrimary() => new(database, versions, onPrimary: true);

    private NpgsqlDataSource Db => _onPrimary ? database.DataSource : database.Queries;

    public async ValueTask<string> TableAsync(CancellationToken ct) =>
        ProgramTables.Programs(await versions.ServingAsync(ProgramsProjection.ProjectionName, ct));

    /// <summary>
    /// The program that answers for <paramref name="id"/>: itself, or the survivor it was merged into (through any
    /// chain). A hidden one answers only when <paramref name="includeHidden"/> (editors and curation).
    /// </summary>
    public async Task<(Guid Id, string View)?> ResolveAsync(Guid id, CancellationToken ct, bool includeHidden = true)
    {
        var resolved = await ResolveManyAsync([id], ct, includeHidden);
        return resolved.TryGetValue(id, out var found) ? found : null;
    }

    /// <summary>For each id that exists (and is not hidden, unless included): the id of the program answering for it and that program's view.</summary>
    public async Task<Dictionary<Guid, (Guid Id, string View)>> ResolveManyAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct, bool includeHidden = true)
    {
        var result = new Dictionary<Guid, (Guid, string)>();
        if (ids.Count == 0) return result;
        var table = await TableAsync(ct);
        await using var command = Db.CreateCommand($"""
            WITH RECURSIVE chain(asked, id, merged_into, hidden, view, depth) AS (
                SELECT id, id, merged_into, hidden, view, 0 FROM {table} WHERE id = ANY($1)
                UNION ALL
                SELECT c.asked, p.id, p.merged_into, p.hidden, p.view, c.depth + 1
                FROM chain c JOIN {table} p ON p.id = c.merged_into
                WHERE c.depth < 32)
            SELECT asked, id, view FROM chain WHERE merged_into IS NULL AND ($2 OR NOT hidden)
            """);
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = ids.Distinct().ToArray() });
        command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = includeHidden });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) result[reader.GetGuid(0)] = (reader.GetGuid(1), reader.GetString(2));
        return result;
    }

    /// <summary>Which of these programs are hidden (ids as stored; feeds hold their items' survivors).</summary>
    public async Task<HashSet<Guid>> HiddenAmongAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        var hidden = new HashSet<Guid>();
        if (ids.Count == 0) return hidden;
        await using var command = Db.CreateCommand($"SELECT id FROM {await TableAsync(ct)} WHERE id = ANY($1) AND hidden");
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = ids.Distinct().ToArray() });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) hidden.Add(reader.GetGuid(0));
        return hidden;
    }
}
