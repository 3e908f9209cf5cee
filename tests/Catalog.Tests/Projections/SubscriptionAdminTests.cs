using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Testing;

namespace Catalog.Tests.Projections;

public sealed class SubscriptionAdminTests : IAsyncLifetime
{
    private readonly CatalogApp _app = new();
    private readonly Recordings _anchor = new("ops");

    public Task InitializeAsync() => _app.InitializeAsync();
    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task AnOperatorSeesAStoppedProjectionRepairsTheEventAndRestartsIt()
    {
        var program = Guid.NewGuid();
        var start = Recordings.T0;
        await _app.AppendAsync(_anchor.LogStream, _anchor.Recorded(program, "f1", "mp4", start, start.AddMinutes(30)));
        await _app.CatchUpAsync();
        await _app.AppendAsync(_anchor.LogStream, _anchor.Recorded(program, "f2", "mp4", start.AddMinutes(30), start.AddMinutes(60)));
        await ExecuteAsync("""
            UPDATE eventlog.events SET data = jsonb_set(data, '{sizeBytes}', '"big"')
            WHERE event_type = 'recording-file-created' AND data->>'fileId' = 'f2'
            """);

        var admin = _app.Admin();
        var stopped = await EventuallyAsync(admin, s => s.GetProperty("name").GetString() == "programs@v1" && s.GetProperty("state").GetString() == "stopped");
        Assert.Contains("does not decode", stopped.GetProperty("lastError").GetString());
        // The feeds projection does not read recording files: the undecodable one is no poison to it.
        await EventuallyAsync(admin, s => s.GetProperty("name").GetString() == "feeds@v1"
            && s.GetProperty("state").GetString() == "running" && s.GetProperty("lagEvents").GetInt64() == 0);
        var notReady = await _app.CreateClient().GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        Assert.Contains("programs@v1 lag 2 events", await notReady.Content.ReadAsStringAsync());
        Assert.Contains(", stopped", await notReady.Content.ReadAsStringAsync());
        var dead = await admin.GetFromJsonAsync<JsonElement>("/admin/subscriptions/programs@v1/dead-letters");
        Assert.Equal("recording-file-created", Assert.Single(dead.EnumerateArray().ToList()).GetProperty("eventType").GetString());
        Assert.Single((await _app.CreateClient().GetFromJsonAsync<JsonElement>($"/v1/programs/{program}"))
            .GetProperty("renditions")[0].GetProperty("files").EnumerateArray());

        await ExecuteAsync("""
            UPDATE eventlog.events SET data = jsonb_set(data, '{sizeBytes}', '1000')
            WHERE event_type = 'recording-file-created' AND data->>'fileId' = 'f2'
            """);
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync("/admin/subscriptions/programs@v1/restart", null)).StatusCode);
        await EventuallyAsync(admin, s => s.GetProperty("name").GetString() == "programs@v1"
            && s.GetProperty("state").GetString() == "running" && s.GetProperty("lagEvents").GetInt64() == 0);
        var ready = await _app.CreateClient().GetAsync("/readyz");
        Assert.True(ready.IsSuccessStatusCode, await ready.Content.ReadAsStringAsync());
        Assert.Equal(2, (await _app.CreateClient().GetFromJsonAsync<JsonElement>($"/v1/programs/{program}"))
            .GetProperty("renditions")[0].GetProperty("files").GetArrayLength());
    }

    [Fact]
    public async Task SubscriptionAdminNeedsAnAdminKeyAndKnowsItsSubscriptions()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.CreateClient().GetAsync("/admin/subscriptions")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _app.Editor().GetAsync("/admin/subscriptions")).StatusCode);
        var unknown = await _app.Admin().PostAsync("/admin/subscriptions/nope@v9/replay-dead-letters", null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = _app.Store.DataSource.CreateCommand(sql);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    private static async Task<JsonElement> EventuallyAsync(HttpClient admin, Func<JsonElement, bool> match)
    {
        JsonElement found = default;
        await Eventually.TrueAsync(async () =>
        {
            var all = await admin.GetFromJsonAsync<JsonElement>("/admin/subscriptions");
            found = all.EnumerateArray().FirstOrDefault(match);
            return found.ValueKind != JsonValueKind.Undefined;
        }, "a subscription in the expected state");
        return found;
    }
}
