using System.Net;
using System.Text.Json;

namespace Catalog.Tests.SigningIn;

/// <summary>Its own catalog: every request of the test host comes from the same client, whose failures are counted here.</summary>
public sealed class SignInThrottleTests : IAsyncLifetime
{
    private readonly CatalogApp _app = new();

    public Task InitializeAsync() => _app.InitializeAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<HttpResponseMessage> TryAsync(string key) => await ConsoleSession.PostAsync(_app.Browser(), key);

    [Fact]
    public async Task AfterFiveWrongKeysEachTryWaitsTwiceAsLongAndTheRightKeyClearsTheRecord()
    {
        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.Unauthorized, (await TryAsync($"guess-{i}")).StatusCode);

        var blocked = await TryAsync(CatalogApp.AliceKey);
        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
        Assert.Equal("application/problem+json", blocked.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(2), blocked.Headers.RetryAfter!.Delta);
        Assert.Contains("try again in 2 s", JsonDocument.Parse(await blocked.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString());

        _app.Clock.Now += TimeSpan.FromSeconds(2);
        Assert.Equal(HttpStatusCode.Unauthorized, (await TryAsync("guess-5")).StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(4), (await TryAsync("guess-6")).Headers.RetryAfter!.Delta);
        _app.Clock.Now += TimeSpan.FromSeconds(3);
        Assert.Equal(TimeSpan.FromSeconds(1), (await TryAsync(CatalogApp.AliceKey)).Headers.RetryAfter!.Delta);

        _app.Clock.Now += TimeSpan.FromSeconds(1);
        Assert.Equal(HttpStatusCode.OK, (await TryAsync(CatalogApp.AliceKey)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await TryAsync("guess-after")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await TryAsync(CatalogApp.AliceKey)).StatusCode);
    }

    [Fact]
    public async Task FailuresLongAgoAreForgotten()
    {
        for (var i = 0; i < 4; i++) Assert.Equal(HttpStatusCode.Unauthorized, (await TryAsync($"old-{i}")).StatusCode);
        _app.Clock.Now += TimeSpan.FromMinutes(16);

        for (var i = 0; i < 4; i++) Assert.Equal(HttpStatusCode.Unauthorized, (await TryAsync($"new-{i}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await TryAsync(CatalogApp.AliceKey)).StatusCode);
    }
}
