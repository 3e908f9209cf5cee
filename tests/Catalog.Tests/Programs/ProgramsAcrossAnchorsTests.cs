using System.Net;
using System.Text.Json;

namespace Catalog.Tests.Programs;

/// <summary><c>GET /v1/programs</c>: every anchor's programs, newest first. Each test works in a time window of its own.</summary>
public sealed class ProgramsAcrossAnchorsTests(CatalogApp app) : IClassFixture<CatalogApp>
{
    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    private async Task<Guid> RecordAsync(string anchorId, DateTimeOffset start, Guid? id = null)
    {
        var anchor = new Recordings(anchorId);
        var programId = id ?? Guid.CreateVersion7();
        await app.AppendAsync(anchor.LogStream, anchor.Recorded(programId, $"{anchorId}-{start:HHmm}-{programId:N}", "mp4", start, start.AddMinutes(30)));
        return programId;
    }

    private static string Window(DateTimeOffset from, DateTimeOffset to) =>
        $"from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(to.ToString("O"))}";

    [Fact]
    public async Task ProgramsOfEveryAnchorComeNewestFirstAndPageWithStableCursors()
    {
        var day = Recordings.T0.AddDays(100);
        var a1 = await RecordAsync("across-a", day.AddHours(1));
        var b1 = await RecordAsync("across-b", day.AddHours(2));
        var a2 = await RecordAsync("across-a", day.AddHours(3));
        // Two programs at the same instant are ordered by id, and paging never skips or repeats one of them.
        var tieLow = await RecordAsync("across-c", day.AddHours(4), Guid.Parse("00000000-0000-7000-8000-000000000001"));
        var tieHigh = await RecordAsync("across-b", day.AddHours(4), Guid.Parse("00000000-0000-7000-8000-000000000002"));
        await app.CatchUpAsync();
        var window = Window(day, day.AddDays(1));

        var first = await JsonAsync(await app.CreateClient().GetAsync($"/v1/programs?{window}&limit=2"));
        Assert.Equal([tieHigh, tieLow], first.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetGuid()));
        // A program that arrives while someone pages sorts before the cursor and shifts nothing.
        await RecordAsync("across-d", day.AddHours(5));
        await app.CatchUpAsync();
        var second = await JsonAsync(await app.CreateClient().GetAsync($"/v1/programs?{window}&limit=2&cursor={first.GetProperty("nextCursor").GetString()}"));
        Assert.Equal([a2, b1], second.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetGuid()));
        var third = await JsonAsync(await app.CreateClient().GetAsync($"/v1/programs?{window}&limit=2&cursor={second.GetProperty("nextCursor").GetString()}"));
        Assert.Equal([a1], third.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetGuid()));
        Assert.Equal(JsonValueKind.Null, third.GetProperty("nextCursor").ValueKind);

        var onlyA = await JsonAsync(await app.CreateClient().GetAsync($"/v1/programs?{window}&anchor=across-a"));
        Assert.Equal([a2, a1], onlyA.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetGuid()));
        var narrow = await JsonAsync(await app.CreateClient().GetAsync($"/v1/programs?{Window(day.AddHours(2), day.AddHours(3))}"));
        Assert.Equal([b1], narrow.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetGuid()));
        Assert.Equal("across-b", narrow.GetProperty("items")[0].GetProperty("anchorId").GetString());
    }

    [Fact]
    public async Task BadLimitsAndCursorsAreProblems()
    {
        foreach (var query in new[] { "limit=0", "limit=100000", "cursor=not-a-cursor", "from=yesterday" })
        {
            var response = await app.CreateClient().GetAsync($"/v1/programs?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task TheIndexServesTheListAcrossAnchors()
    {
        await app.CatchUpAsync();
        await using var connection = new Npgsql.NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        // Many programs, in a transaction rolled back afterwards: the plan is the one a real catalog would get.
        await using var tx = await connection.BeginTransactionAsync();
        await using var command = new Npgsql.NpgsqlCommand("""
            INSERT INTO catalog.programs_v1 (id, anchor_id, log_stream, started_at, ended_at, state, view)
            SELECT gen_random_uuid(), 'a' || (i % 500), 's' || (i % 500), '2000-01-01'::timestamptz + i * interval '1 minute',
                   '2000-01-01'::timestamptz + i * interval '1 minute' + interval '30 minutes', '{}', '{}'
            FROM generate_series(1, 20000) i;
            ANALYZE catalog.programs_v1;
            EXPLAIN SELECT id FROM catalog.programs_v1 WHERE merged_into IS NULL AND NOT hidden ORDER BY started_at DESC, id DESC LIMIT 21
            """, connection, tx);
        var plan = string.Join("\n", await ReadAllAsync(command));
        await tx.RollbackAsync();

        Assert.True(plan.Contains("programs_v1_newest"), plan);
        Assert.DoesNotContain("Sort", plan);
    }

    private static async Task<List<string>> ReadAllAsync(Npgsql.NpgsqlCommand command)
    {
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        do
        {
            while (await reader.ReadAsync()) lines.Add(reader.GetString(0));
        } while (await reader.NextResultAsync());
        return lines;
    }
}
