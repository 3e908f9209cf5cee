using System.Net;
using Contracts.Recordings;
using Testing;

namespace Ingest.Tests.Callbacks;

public class DatabaseDownTests
{
    [Fact]
    public async Task WhileTheDatabaseIsDownCallbacksGet503AndARetryAfterItReturnsIsStored()
    {
        // A server and host of its own: the test stops the database.
        await using var server = await LocalPostgres.StartAsync();
        await using var host = await IngestHost.StartAsync(await server.CreateDatabaseAsync());
        Assert.Equal(HttpStatusCode.OK, (await host.PostAsync(IngestHost.Signed(TencentPayloads.Recording("1_down", "f-1", "mp4", 1_700_000_000, 1_700_000_600)))).StatusCode);
        var second = IngestHost.Signed(TencentPayloads.Recording("1_down", "f-2", "mp4", 1_700_000_600, 1_700_001_200));

        await server.StopAsync();
        var whileDown = await host.PostAsync(second);
        var refusedWhileDown = await host.PostAsync(IngestHost.Signed(TencentPayloads.Recording("1_down", "f-x", "mp4", 1, 2), "wrong-key"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, whileDown.StatusCode);
        Assert.Equal("unavailable", (await IngestHost.JsonAsync(whileDown)).GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refusedWhileDown.StatusCode);

        await server.RestartAsync();
        // The sender retries until it is answered 200; every answer before that must be 503.
        var statuses = new List<HttpStatusCode>();
        await Eventually.TrueAsync(async () =>
        {
            statuses.Add((await host.PostAsync(second)).StatusCode);
            return statuses[^1] == HttpStatusCode.OK;
        }, "a retry answered 200 once the database is back", seconds: 10);

        Assert.Equal(HttpStatusCode.OK, statuses.Last());
        Assert.All(statuses.SkipLast(1), s => Assert.Equal(HttpStatusCode.ServiceUnavailable, s));
        var files = (await host.StreamAsync(LiveStreamIds.For("tencent", "1_down"))).Select(e => e.Data).OfType<StreamSegmented>().ToList();
        Assert.Equal(["f-1", "f-2"], files.Select(f => f.FileId));
        Assert.Equal(SegmentReason.IntervalCut, files[1].Reason);
    }
}
