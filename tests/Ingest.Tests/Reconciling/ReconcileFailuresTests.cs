using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Testing.Tencent;
using static Ingest.Tests.Reconciling.Reconciliation;

namespace Ingest.Tests.Reconciling;

public class ReconcileFailuresTests(ReconcilingHost fixture) : IngestTest(fixture), IClassFixture<ReconcilingHost>
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private SearchMediaStandIn Vod => ((ReconcilingHost)Fixture).Vod;

    [Fact]
    public async Task ThrottlingIsWaitedOutAndTheRunStillFindsEverything()
    {
        var (vod, host) = (Vod, Host);
        vod.Add([File("t-1", "mp4", 0, 30, Now.AddHours(-1)).Vod]);
        vod.Throttle(3);

        var run = await RunAsync(host, Now.AddHours(-2), Now);

        Assert.Equal(("succeeded", 1, 3), (run.GetProperty("state").GetString(), run.Files("recovered"), run.Files("throttled")));
        var calls = vod.Calls;
        var throttled = Enumerable.Range(0, calls.Count).Where(i => calls[i].ErrorCode is not null).ToList();
        Assert.Equal(3, throttled.Count);
        Assert.All(throttled, i => Assert.Equal(calls[i] with { ErrorCode = null }, calls[i + 1] with { ErrorCode = null }));
        Assert.Null(calls[^1].ErrorCode);
    }

    [Fact]
    public async Task ThrottlingThatOutlastsEveryBackOffEndsTheRunThrottledAndAppendsNothing()
    {
        // A stand-in and host of their own: fewer attempts than the others want.
        await using var vod = new SearchMediaStandIn(StandInSecret);
        await using var host = await StartAsync(vod, new() { ["Tencent:Reconcile:MaxAttempts"] = "3" });
        vod.Add([File("t-2", "mp4", 0, 30, Now.AddHours(-1)).Vod]);
        vod.Throttle(100);

        var run = await RunAsync(host, Now.AddHours(-2), Now);

        Assert.Equal("throttled", run.GetProperty("state").GetString());
        Assert.Contains("RequestLimitExceeded", run.GetProperty("error").GetString());
        Assert.Equal(0L, await host.ScalarAsync<long>("SELECT count(*) FROM eventlog.events"));
    }

    [Fact]
    public async Task RefusedCredentialsStopTheRunAtOnceWithAClearStatusAndNoWatermark()
    {
        // A stand-in and host of their own: a wrong secret, and the run at start is counted.
        await using var vod = new SearchMediaStandIn(StandInSecret);
        await using var host = await StartAsync(vod, secretKey: "a-wrong-secret");
        vod.Add([File("a-1", "mp4", 0, 30, Now.AddHours(-1)).Vod]);

        var run = await RunAsync(host, Now.AddHours(-2), Now);

        Assert.Equal("auth-failed", run.GetProperty("state").GetString());
        Assert.StartsWith("AuthFailure.SignatureFailure", run.GetProperty("error").GetString());
        var reconciler = (await StatusAsync(host)).GetProperty("reconcilers")[0];
        Assert.Equal(JsonValueKind.Null, reconciler.GetProperty("watermark").ValueKind);
        Assert.Equal("auth-failed", reconciler.GetProperty("lastFailure").GetProperty("state").GetString());
        Assert.Equal(0L, await host.ScalarAsync<long>("SELECT count(*) FROM eventlog.events"));
        // One call per run (the scheduled one at start and the requested one): refused credentials are never retried.
        Assert.All(vod.Calls, c => Assert.Equal("AuthFailure.SignatureFailure", c.ErrorCode));
        Assert.Equal(2, vod.Calls.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("?from=2026-11-21T00:00:00Z")]
    [InlineData("?from=yesterday&to=2026-11-21T01:00:00Z")]
    [InlineData("?from=2026-11-21T01:00:00Z&to=2026-11-21T00:00:00Z")]
    [InlineData("?from=2026-11-21T00:00:00Z&to=2026-11-21T01:00:00Z&provider=nobody")]
    public async Task ABadWindowIsAProblemNotARun(string query)
    {
        var (vod, host) = (Vod, Host);

        using var post = host.Admin(HttpMethod.Post, "/admin/reconcile" + query);
        using var response = await host.Client.SendAsync(post);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty((await StatusAsync(host)).GetProperty("reconcilers")[0].GetProperty("pending").EnumerateArray());
    }

    [Fact]
    public async Task TheAdminEndpointsNeedTheAdminKey()
    {
        var (vod, host) = (Vod, Host);

        var get = await host.Client.GetAsync("/admin/reconcile");
        var post = await host.Client.PostAsync("/admin/reconcile?from=2026-11-21T00:00:00Z&to=2026-11-21T01:00:00Z", null);

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (get.StatusCode, post.StatusCode));
        Assert.Equal(JsonValueKind.Object, (await get.Content.ReadFromJsonAsync<JsonElement>()).ValueKind);
    }
}
