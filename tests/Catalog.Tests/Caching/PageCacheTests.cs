using System.Net;
using Catalog.Caching;
using Catalog.Programs.Projecting;
using Catalog.Projections;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Testing;

namespace Catalog.Tests.Caching;

/// <summary>
/// The read models are changed behind the catalog's back (an UPDATE that no projection made): a page still served
/// the old way came from memory, and a page that shows the change was read again from PostgreSQL.
/// </summary>
public sealed class PageCacheTests(CatalogApp app) : IClassFixture<CatalogApp>
{
    private static readonly DateTimeOffset T0 = Recordings.T0;

    [Fact]
    public async Task AnUnchangedPageIsServedFromMemoryUntilAProjectionCommitsAChange()
    {
        var anchor = new Recordings("cached-anchor");
        var id = Guid.CreateVersion7();
        await app.AppendAsync(anchor.LogStream, anchor.Recorded(id, "c1", "mp4", T0, T0.AddMinutes(30)));
        await app.CatchUpAsync();
        await ListeningAsync();
        var pages = new[] { $"/v1/anchors/{anchor.AnchorId}/programs?limit=20", $"/v1/programs/{id}" };
        var client = app.CreateClient();
        foreach (var page in pages) Assert.DoesNotContain("tampered", await BodyAsync(client, page));

        await TamperAsync(anchor.AnchorId);

        foreach (var page in pages) Assert.DoesNotContain("tampered", await BodyAsync(client, page));
        foreach (var page in pages) Assert.Contains("tampered", await BodyAsync(app.Editor(), page));

        var other = new Recordings("cached-other");
        await app.AppendAsync(other.LogStream, other.Recorded(Guid.CreateVersion7(), "o1", "mp4", T0, T0.AddMinutes(30)));
        await app.CatchUpAsync();
        foreach (var page in pages) Assert.Contains("tampered", await BodyAsync(client, page));
    }

    [Fact]
    public async Task AnswersToRequestsWithCredentialsAreNeverStoredForThePublic()
    {
        var anchor = new Recordings("cached-private");
        await app.AppendAsync(anchor.LogStream, anchor.Recorded(Guid.CreateVersion7(), "p1", "mp4", T0, T0.AddMinutes(30)));
        await app.CatchUpAsync();
        await ListeningAsync();
        var page = $"/v1/anchors/{anchor.AnchorId}/programs";
        Assert.DoesNotContain("tampered", await BodyAsync(app.Editor(), page));
        using (var withCookie = new HttpRequestMessage(HttpMethod.Get, page) { Headers = { { "Cookie", "session=abc" } } })
            Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().SendAsync(withCookie)).StatusCode);

        await TamperAsync(anchor.AnchorId);

        Assert.Contains("tampered", await BodyAsync(app.CreateClient(), page));
    }

    [Fact]
    public async Task ANotificationFromAnotherReplicasProjectionInvalidatesThePages()
    {
        var anchor = new Recordings("cached-elsewhere");
        await app.AppendAsync(anchor.LogStream, anchor.Recorded(Guid.CreateVersion7(), "e1", "mp4", T0, T0.AddMinutes(30)));
        await app.CatchUpAsync();
        await ListeningAsync();
        var page = $"/v1/anchors/{anchor.AnchorId}/programs";
        var client = app.CreateClient();
        Assert.DoesNotContain("tampered", await BodyAsync(client, page));
        await TamperAsync(anchor.AnchorId);
        Assert.DoesNotContain("tampered", await BodyAsync(client, page));

        // What the active runner of another catalog process sends when its batch commits.
        var serving = await app.Services.GetRequiredService<ProjectionVersions>().ServingAsync(ProgramsProjection.ProjectionName, default);
        await ExecuteAsync("SELECT pg_notify($1, $2)", ReadModelChanges.Channel, ProjectionNames.Subscription(ProgramsProjection.ProjectionName, serving));

        await Eventually.TrueAsync(async () => (await BodyAsync(client, page)).Contains("tampered"), "page read again after the notification");
    }

    /// <summary>Listening, and every notification of batches committed so far heard: they arrive in commit order, before a marker sent now.</summary>
    private async Task ListeningAsync()
    {
        var changes = app.Services.GetRequiredService<ReadModelChanges>();
        await Eventually.TrueAsync(() => changes.Listening, "listening for read-model changes");
        var marker = $"marker-{Guid.NewGuid()}";
        await ExecuteAsync("SELECT pg_notify($1, $2)", ReadModelChanges.Channel, marker);
        await Eventually.TrueAsync(() => changes.LastHeard == marker, "notifications of earlier batches heard");
    }

    private async Task TamperAsync(string anchorId)
    {
        var serving = await app.Services.GetRequiredService<ProjectionVersions>().ServingAsync(ProgramsProjection.ProjectionName, default);
        await ExecuteAsync($"UPDATE {ProgramTables.Programs(serving)} SET view = replace(view, 'https://cdn.example/', 'https://tampered.example/') WHERE anchor_id = $1", anchorId);
    }

    private async Task ExecuteAsync(string sql, params string[] values)
    {
        await using var db = NpgsqlDataSource.Create(app.ConnectionString);
        await using var command = db.CreateCommand(sql);
        foreach (var value in values) command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = value });
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string> BodyAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
