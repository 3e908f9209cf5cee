using System.Net.Http.Json;

namespace Catalog.Tests.Projections;

/// <summary>A small but complete log: several anchors and formats, late files, gaps, screenshots, a merge, curated feeds.</summary>
public sealed class Scenario
{
    private static readonly DateTimeOffset T0 = Recordings.T0;

    public List<Guid> Programs { get; } = [];
    public List<string> Anchors { get; } = [];
    public string[] Feeds { get; } = ["picks", "late-night"];

    public async Task WriteAsync(CatalogApp app)
    {
        for (var a = 0; a < 4; a++)
        {
            var anchor = new Recordings($"rebuild-anchor-{a}");
            Anchors.Add(anchor.AnchorId);
            for (var p = 0; p < 4; p++)
            {
                var id = Guid.CreateVersion7();
                Programs.Add(id);
                var start = T0.AddDays(p).AddHours(a);
                await app.AppendAsync(anchor.LogStream, anchor.Screenshot($"https://img.example/{a}-{p}-a.jpg", start.AddMinutes(5)));
                // Files arrive out of order, in two formats, with a hole between the second and third.
                await app.AppendAsync(anchor.LogStream, anchor.Recorded(id, $"{a}-{p}-m2", "mp4", start.AddMinutes(30), start.AddMinutes(50), inconsistent: p == 1));
                await app.AppendAsync(anchor.LogStream, anchor.Recorded(id, $"{a}-{p}-m1", "mp4", start, start.AddMinutes(30)));
                await app.AppendAsync(anchor.LogStream, anchor.Recorded(id, $"{a}-{p}-h1", "hls", start, start.AddMinutes(50 - 10 * p)));
                await app.AppendAsync(anchor.LogStream, anchor.Screenshot($"https://img.example/{a}-{p}-b.jpg", start.AddMinutes(20)));
            }
        }
        // The last two programs of the first anchor become one.
        var first = new Recordings(Anchors[0]);
        await app.AppendAsync(first.LogStream, first.Merged(Programs[2], Programs[3], T0.AddDays(5)));

        var editor = app.Editor();
        foreach (var feed in Feeds)
        {
            (await editor.PutAsJsonAsync($"/v1/feeds/{feed}", new { title = $"Feed {feed}" })).EnsureSuccessStatusCode();
        }
        await app.CatchUpAsync();
        for (var i = 0; i < Programs.Count; i += 3)
            (await editor.PutAsJsonAsync($"/v1/feeds/{Feeds[i % 2]}/items/{Programs[i]}", new { note = $"note {i}", position = 1 })).EnsureSuccessStatusCode();
        (await editor.PutAsJsonAsync($"/v1/feeds/picks/items/{Programs[3]}", new { })).EnsureSuccessStatusCode();
        (await editor.DeleteAsync($"/v1/feeds/late-night/items/{Programs[3]}")).EnsureSuccessStatusCode();
        await app.CatchUpAsync();
    }

    /// <summary>Every read endpoint over everything the scenario wrote.</summary>
    public IEnumerable<string> Urls()
    {
        foreach (var id in Programs) yield return $"/v1/programs/{id}";
        foreach (var anchor in Anchors)
        {
            yield return $"/v1/anchors/{anchor}/programs";
            yield return $"/v1/anchors/{anchor}/programs?limit=2";
            yield return $"/v1/anchors/{anchor}/programs?from=2026-02-02T00:00:00Z&to=2026-02-03T12:00:00Z";
        }
        foreach (var feed in Feeds)
        {
            yield return $"/v1/feeds/{feed}";
            yield return $"/v1/feeds/{feed}?limit=1";
            yield return $"/v1/feeds/{feed}/history";
        }
    }

    /// <summary>Status, ETag and body bytes of every read.</summary>
    public async Task<Dictionary<string, string>> AnswersAsync(CatalogApp app)
    {
        var client = app.CreateClient();
        var answers = new Dictionary<string, string>();
        foreach (var url in Urls())
        {
            var response = await client.GetAsync(url);
            answers[url] = $"{(int)response.StatusCode} {response.Headers.ETag} {await response.Content.ReadAsStringAsync()}";
        }
        return answers;
    }
}
