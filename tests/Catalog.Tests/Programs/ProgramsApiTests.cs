using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Catalog.Tests.Programs;

/// <summary>One catalog per class; every test works on its own anchors, so none sees another's programs.</summary>
public sealed class ProgramsApiTests(CatalogApp app) : IClassFixture<CatalogApp>
{
    private static readonly DateTimeOffset T0 = Recordings.T0;

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    [Fact]
    public async Task AProgramIsServedWithItsRenditionsInTimeOrderItsGapsAndItsLatestScreenshotAsCover()
    {
        var anchor = new Recordings("anchor-program");
        var id = Guid.CreateVersion7();
        await app.AppendAsync(anchor.LogStream, anchor.Screenshot("https://img.example/before.jpg", T0.AddMinutes(-5)));
        await app.AppendAsync(anchor.LogStream, anchor.Recorded(id, "m2", "mp4", T0.AddMinutes(30), T0.AddMinutes(50)));
        await app.AppendAsync(anchor.LogStream, anchor.Screenshot("https://img.example/early.jpg", T0.AddMinutes(10)));
        await app.AppendAsync(anchor.LogStream, anchor.Recorded(id, "h1", "hls", T0, T0.AddMinutes(50)));
        await app.AppendAsync(anchor.LogStream, anchor.Recorded(id, "m1", "mp4", T0, T0.AddMinutes(20)));
        await app.AppendAsync(anchor.LogStream, anchor.Screenshot("https://img.example/late.jpg", T0.AddMinutes(45)));
        await app.AppendAsync(anchor.LogStream, anchor.Screenshot("https://img.example/after.jpg", T0.AddMinutes(70)));
        await app.CatchUpAsync();

        var program = await JsonAsync(await app.CreateClient().GetAsync($"/v1/programs/{id}"));

        Assert.Equal(id, program.GetProperty("id").GetGuid());
        Assert.Equal("anchor-program", program.GetProperty("anchorId").GetString());
        Assert.Equal(anchor.StreamId, program.GetProperty("streamId").GetString());
        Assert.Equal("2026-02-01T20:00:00Z", program.GetProperty("startedAt").GetString());
        Assert.Equal("2026-02-01T20:50:00Z", program.GetProperty("endedAt").GetString());
        Assert.Equal(3000, program.GetProperty("durationSeconds").GetDouble());
        var renditions = program.GetProperty("renditions").EnumerateArray().ToList();
        Assert.Equal(["hls", "mp4"], renditions.Select(r => r.GetProperty("format").GetString()));
        var mp4 = renditions[1].GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(["m1", "m2"], mp4.Select(f => f.GetProperty("fileId").GetString()));
        Assert.Equal([0, 1], mp4.Select(f => f.GetProperty("index").GetInt32()));
        Assert.Equal("https://cdn.example/m1.mp4", mp4[0].GetProperty("url").GetString());
        Assert.True(mp4[0].GetProperty("sizeBytes").GetInt64() > 0);
        Assert.Empty(program.GetProperty("gaps").EnumerateArray());
        Assert.Equal("https://img.example/late.jpg", program.GetProperty("coverUrl").GetString());
        Assert.False(program.GetProperty("flags").GetProperty("short").GetBoolean());
    }

    [Fact]
    public async Task AProgramWithoutScreenshotsHasNoCoverAndItsRecordingHolesAreGaps()
    {
        var anchor = new Recordings("anchor-gaps");
        var id = Guid.CreateVersion7();
        await app.AppendAsync(anchor.LogStream, anchor.Recorded(id, "a", "flv", T0, T0.AddMinutes(10)));
        await app.AppendAsync(anchor.LogStream, anchor.Recorded(id, "b", "flv", T0.AddMinutes(12), T0.AddMinutes(30), inconsistent: true));
        await app.CatchUpAsync();

        var program = await JsonAsync(await app.CreateClient().GetAsync($"/v1/programs/{id}"));

        Assert.Equal(JsonValueKind.Null, program.GetProperty("coverUrl").ValueKind);
        var gap = Assert.Single(program.GetProperty("gaps").EnumerateArray());
        Assert.Equal("2026-02-01T20:10:00Z", gap.GetProperty("startedAt").GetString());
        Assert.Equal("2026-02-01T20:12:00Z", gap.GetProperty("endedAt").GetString());
        Assert.True(program.GetProperty("flags").GetProperty("inconsistentTimes").GetBoolean());
    }

    [Fact]
    public async Task AnchorHistoryIsNewestFirstAndItsCursorStaysStableWhileNewProgramsArrive()
    {
        var anchor = new Recordings("anchor-history");
        var ids = Enumerable.Range(0, 5).Select(_ => Guid.CreateVersion7()).ToArray();
        for (var i = 0; i < 5; i++)
            await app.AppendAsync(anchor.LogStream, anchor.Recorded(ids[i], $"f{i}", "mp4", T0.AddDays(i), T0.AddDays(i).AddHours(1)));
        await app.AppendAsync(new Recordings("someone-else").LogStream, new Recordings("someone-else").Recorded(Guid.CreateVersion7(), "x", "mp4", T0, T0.AddHours(1)));
        await app.CatchUpAsync();
        var client = app.CreateClient();

        var first = await JsonAsync(await client.GetAsync("/v1/anchors/anchor-history/programs?limit=2"));
        Assert.Equal([ids[4], ids[3]], first.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetGuid()));
        var cursor = first.GetProperty("nextCursor").GetString();

        await app.AppendAsync(anchor.LogStream, anchor.Recorded(Guid.CreateVersion7(), "new", "mp4", T0.AddDays(9), T0.AddDays(9).AddHours(1)));
        await app.CatchUpAsync();

        var second = await JsonAsync(await client.GetAsync($"/v1/anchors/anchor-history/programs?limit=2&cursor={cursor}"));
        Assert.Equal([ids[2], ids[1]], second.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetGuid()));
        var third = await JsonAsync(await client.GetAsync($"/v1/anchors/anchor-history/programs?limit=2&cursor={second.GetProperty("nextCursor").GetString()}"));
        Assert.Equal([ids[0]], third.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetGuid()));
        Assert.Equal(JsonValueKind.Null, third.GetProperty("nextCursor").ValueKind);

        var window = await JsonAsync(await client.GetAsync($"/v1/anchors/anchor-history/programs?from=2026-02-02T00:00:00Z&to=2026-02-04T00:00:00Z"));
        Assert.Equal([ids[2], ids[1]], window.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task ProgramsStartingAtTheSameInstantArePagedWithoutLossOrRepeat()
    {
        var anchor = new Recordings("anchor-ties");
        var ids = Enumerable.Range(0, 7).Select(_ => Guid.CreateVersion7()).ToArray();
        foreach (var id in ids)
            await app.AppendAsync(anchor.LogStream, anchor.Recorded(id, $"tie-{id:N}", "mp4", T0, T0.AddHours(1)));
        await app.CatchUpAsync();
        var client = app.CreateClient();

        var seen = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await JsonAsync(await client.GetAsync($"/v1/anchors/anchor-ties/programs?limit=3{(cursor is null ? "" : $"&cursor={cursor}")}"));
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetGuid()));
            cursor = page.GetProperty("nextCursor").GetString();
        } while (cursor is not null);

        Assert.Equal(ids.Length, seen.Count);
        Assert.Equal(ids.OrderBy(i => i).Select(i => i.ToString()), seen.Select(i => i.ToString()).Order(), StringComparer.Ordinal);
    }

    [Fact]
    public async Task AMergedProgramsOldIdAnswersWithTheSurvivorAndSaysSo()
    {
        var anchor = new Recordings("anchor-merge");
        var (survivor, merged) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        await app.AppendAsync(anchor.LogStream, anchor.Recorded(survivor, "a", "mp4", T0, T0.AddMinutes(30)));
        await app.AppendAsync(anchor.LogStream, anchor.Recorded(merged, "c", "mp4", T0.AddMinutes(40), T0.AddMinutes(60)));
        await app.AppendAsync(anchor.LogStream, [.. anchor.Recorded(survivor, "b", "mp4", T0.AddMinutes(30), T0.AddMinutes(40)), anchor.Merged(survivor, merged, T0.AddHours(2))]);
        await app.CatchUpAsync();
        var client = app.CreateClient();

        var answer = await JsonAsync(await client.GetAsync($"/v1/programs/{merged}"));
        var history = await JsonAsync(await client.GetAsync("/v1/anchors/anchor-merge/programs"));

        Assert.Equal(survivor, answer.GetProperty("id").GetGuid());
        Assert.Equal(survivor, answer.GetProperty("mergedInto").GetGuid());
        Assert.Equal(["a", "b", "c"], answer.GetProperty("renditions")[0].GetProperty("files").EnumerateArray().Select(f => f.GetProperty("fileId").GetString()));
        Assert.True(answer.GetProperty("flags").GetProperty("merged").GetBoolean());
        Assert.Equal([survivor], history.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetGuid()));
        Assert.False((await JsonAsync(await client.GetAsync($"/v1/programs/{survivor}"))).TryGetProperty("mergedInto", out _));
    }

    [Fact]
    public async Task ReadsCarryAnETagAndAnswer304UntilSomethingChanges()
    {
        var anchor = new Recordings("anchor-etag");
        var id = Guid.CreateVersion7();
        await app.AppendAsync(anchor.LogStream, anchor.Recorded(id, "a", "mp4", T0, T0.AddMinutes(30)));
        await app.CatchUpAsync();
        var client = app.CreateClient();

        var first = await client.GetAsync($"/v1/programs/{id}");
        var etag = first.Headers.ETag!;
        var again = new HttpRequestMessage(HttpMethod.Get, $"/v1/programs/{id}") { Headers = { IfNoneMatch = { etag } } };
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again)).StatusCode);

        await app.AppendAsync(anchor.LogStream, anchor.Recorded(id, "b", "mp4", T0.AddMinutes(30), T0.AddMinutes(60)));
        await app.CatchUpAsync();
        var changed = new HttpRequestMessage(HttpMethod.Get, $"/v1/programs/{id}") { Headers = { IfNoneMatch = { etag } } };
        var response = await client.SendAsync(changed);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual(etag, response.Headers.ETag);

        var list = await client.GetAsync("/v1/anchors/anchor-etag/programs");
        var listAgain = new HttpRequestMessage(HttpMethod.Get, "/v1/anchors/anchor-etag/programs") { Headers = { IfNoneMatch = { list.Headers.ETag! } } };
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(listAgain)).StatusCode);
    }

    [Fact]
    public async Task AnUnknownProgramIsA404ProblemAndABadCursorA400Problem()
    {
        var client = app.CreateClient();

        var missing = await client.GetAsync($"/v1/programs/{Guid.CreateVersion7()}");
        var badCursor = await client.GetAsync("/v1/anchors/anyone/programs?cursor=not-ours");

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Equal(404, JsonDocument.Parse(await missing.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, badCursor.StatusCode);
        Assert.Equal("application/problem+json", badCursor.Content.Headers.ContentType?.MediaType);
    }
}
