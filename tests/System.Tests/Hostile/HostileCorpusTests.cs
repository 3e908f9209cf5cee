using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EventLog;
using SystemTests.Harness;
using Testing;
using Testing.Hostile;

namespace SystemTests.Hostile;

/// <summary>
/// The hostile corpus (signed callbacks with every field mutated, body-level oddities, wrong content types) sent 8 at a
/// time to the real ingest process, mixed with valid callbacks, while the real catalog projects the log.
/// </summary>
public sealed class HostileCorpusTests
{
    private const string IngestAdminKey = "system-test-ingest-admin-key";

    private sealed record Answer(int Status, string? MediaType, JsonElement? Body);

    [Fact]
    public async Task HostileCallbacksNeverCostA5xxAreQuarantinedProblemsAndTheValidOnesBecomePrograms()
    {
        var db = await TestPostgres.NewDatabaseAsync();
        await using var log = new LogClient(db);
        await using var ingest = Services.StartIngest(db, new Dictionary<string, string> { ["Ingest__AdminKeys__0"] = IngestAdminKey });
        await using var catalog = Services.StartCatalog(db);
        await ingest.WaitUntilAsync("/readyz", TimeSpan.FromSeconds(60));
        await catalog.WaitUntilAsync("/readyz", TimeSpan.FromSeconds(60));
        var corpus = HostileCorpus.Generate(Services.CallbackKey, DateTimeOffset.UtcNow);
        Assert.True(corpus.Count >= 1_000, $"{corpus.Count} cases");

        var answers = new Answer[corpus.Count];
        using var eightAtATime = new SemaphoreSlim(8);
        await Task.WhenAll(corpus.Select(async (c, i) =>
        {
            await eightAtATime.WaitAsync();
            try { answers[i] = await SendAsync(ingest.Http, c); }
            finally { eightAtATime.Release(); }
        }));

        var wrong = new List<string>();
        var refusedIds = new List<long>();
        for (var i = 0; i < corpus.Count; i++)
        {
            var (c, a) = (corpus[i], answers[i]);
            if (a.Status >= 500) wrong.Add($"{c.Name}: {a.Status} {a.Body}");
            else if (c.Expected == Expected.Accepted && a.Status != 200) wrong.Add($"{c.Name}: expected 200, got {a.Status} {a.Body}");
            else if (c.Expected == Expected.Refused && a.Status == 200) wrong.Add($"{c.Name}: expected a refusal, got 200");
            else if (a.Status != 200 && (a.MediaType != "application/problem+json" || a.Body is not { } problem
                     || !problem.TryGetProperty("reason", out _) || !problem.TryGetProperty("quarantineId", out _)))
                wrong.Add($"{c.Name}: {a.Status} is not a problem document with its reason and quarantine id ({a.MediaType})");
            else if (a.Status != 200) refusedIds.Add(a.Body!.Value.GetProperty("quarantineId").GetInt64());
        }
        Assert.True(wrong.Count == 0, $"{wrong.Count} wrong answers:\n{string.Join("\n", wrong.Take(40))}");
        Assert.True(refusedIds.Count > corpus.Count / 3, $"only {refusedIds.Count} refusals: the corpus is not hostile enough");

        // Every refusal is in quarantine, once.
        Assert.Equal(refusedIds.Order(), (await QuarantinedIdsAsync(ingest.Http)).Order());

        // The projections took every accepted fact: nothing stopped, nothing dead-lettered.
        var subscriptions = await log.WaitUntilCaughtUpAsync(TimeSpan.FromSeconds(90));
        Assert.All(subscriptions, s => Assert.Equal((s.Name, SubscriptionState.Running, 0L), (s.Name, s.State, s.DeadLetters)));

        // Every valid recording of the mix is in its anchor's programs.
        foreach (var valid in corpus.Where(c => c.IsValidRecording))
        {
            var page = await catalog.Http.GetFromJsonAsync<JsonElement>($"/v1/anchors/{valid.AnchorId}/programs");
            var files = page.GetProperty("items").EnumerateArray()
                .SelectMany(p => p.GetProperty("renditions").EnumerateArray())
                .SelectMany(r => r.GetProperty("files").EnumerateArray())
                .Select(f => f.GetProperty("fileId").GetString());
            Assert.True(files.Contains(valid.FileId), $"{valid.Name}: file {valid.FileId} is not in {valid.AnchorId}'s programs");
        }
    }

    private static async Task<Answer> SendAsync(HttpClient http, HostileCase c)
    {
        var content = new ByteArrayContent(c.Body);
        if (c.ContentType is not null) content.Headers.TryAddWithoutValidation("Content-Type", c.ContentType);
        using var response = await http.PostAsync("/callbacks/tencent", content);
        var text = await response.Content.ReadAsStringAsync();
        JsonElement? body = null;
        try { body = text.Length == 0 ? null : JsonDocument.Parse(text).RootElement; }
        catch (JsonException) { }
        return new Answer((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body);
    }

    private static async Task<List<long>> QuarantinedIdsAsync(HttpClient http)
    {
        var ids = new List<long>();
        while (true)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"/admin/quarantine?all=true&limit=1000&after={ids.LastOrDefault()}");
            // The key travels both ways ingest has accepted it (header and Bearer), so this test checks quarantine, not auth.
            request.Headers.Add("X-Admin-Key", IngestAdminKey);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", IngestAdminKey);
            using var response = await http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            var page = (await response.Content.ReadFromJsonAsync<List<JsonElement>>())!;
            if (page.Count == 0) return ids;
            ids.AddRange(page.Select(q => q.GetProperty("id").GetInt64()));
        }
    }
}
