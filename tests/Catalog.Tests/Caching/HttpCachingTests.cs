using System.Net;

namespace Catalog.Tests.Caching;

public sealed class HttpCachingTests(CatalogApp app) : IClassFixture<CatalogApp>
{
    [Fact]
    public async Task PublicReadsMayBeKeptByACdnForAFewSecondsAndRevalidatedByTheirETag()
    {
        var anchor = new Recordings("cdn-anchor");
        var id = Guid.CreateVersion7();
        await app.AppendAsync(anchor.LogStream, anchor.Recorded(id, "f1", "mp4", Recordings.T0, Recordings.T0.AddMinutes(30)));
        await app.CatchUpAsync();
        var client = app.CreateClient();

        foreach (var path in new[] { $"/v1/anchors/{anchor.AnchorId}/programs", $"/v1/programs/{id}" })
        {
            using var first = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Equal("public, max-age=5, stale-while-revalidate=30", first.Headers.CacheControl!.ToString());
            Assert.Equal(["Authorization", "Cookie"], first.Headers.Vary);

            using var again = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { IfNoneMatch = { first.Headers.ETag! } } };
            using var notModified = await client.SendAsync(again);
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
            Assert.Equal(first.Headers.CacheControl.ToString(), notModified.Headers.CacheControl!.ToString());
        }
    }

    [Fact]
    public async Task AnswersToEditorsAreNeverStoredByAnyCache()
    {
        var anchor = new Recordings("cdn-editor");
        await app.AppendAsync(anchor.LogStream, anchor.Recorded(Guid.CreateVersion7(), "f1", "mp4", Recordings.T0, Recordings.T0.AddMinutes(30)));
        await app.CatchUpAsync();

        using var editor = await app.Editor().GetAsync($"/v1/anchors/{anchor.AnchorId}/programs");
        using var withCookie = new HttpRequestMessage(HttpMethod.Get, $"/v1/anchors/{anchor.AnchorId}/programs") { Headers = { { "Cookie", "session=abc" } } };
        using var session = await app.CreateClient().SendAsync(withCookie);

        foreach (var response in new[] { editor, session })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(response.Headers.CacheControl is { Private: true, NoStore: true, Public: false, MaxAge: null });
            Assert.Equal(["Authorization", "Cookie"], response.Headers.Vary);
        }
    }
}
