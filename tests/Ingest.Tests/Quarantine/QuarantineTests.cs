using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Diagnostics.Metrics;
using Contracts.Recordings;
using Ingest.Quarantine;
using Microsoft.Extensions.DependencyInjection;

namespace Ingest.Tests.Quarantine;

[Collection(DefaultHostCollection.Name)]
public class QuarantineTests(IngestHostFixture fixture) : IngestTest(fixture)
{
    private static Dictionary<string, object?> Payload(string fileId) => TencentPayloads.Recording("1_q", fileId, "mp4", 1_700_000_000, 1_700_000_600);

    [Fact]
    public async Task EveryRefusalLandsInQuarantineWithItsReasonHeadersAndBody()
    {
        var host = Host;
        var badSignature = IngestHost.Signed(Payload("f-bad"), "wrong-key");
        var oversized = Payload("f-big");
        oversized["padding"] = new string('x', 6000);
        var bodies = new[]
        {
            ("not json at all", "malformed-json", 400),
            (IngestHost.Signed(new { event_type = 100, stream_id = "1_q" }), "invalid-field", 400),
            (badSignature, "signature-invalid", 401),
            (IngestHost.Signed(Payload("f-old"), t: 1_600_000_000), "signature-expired", 401),
            (IngestHost.Signed(oversized), "body-too-large", 413),
        };

        var ids = new List<long>();
        foreach (var (body, reason, status) in bodies)
        {
            var response = await host.PostAsync(body);
            Assert.Equal(status, (int)response.StatusCode);
            var problem = await IngestHost.JsonAsync(response);
            Assert.Equal(reason, problem.GetProperty("reason").GetString());
            ids.Add(problem.GetProperty("quarantineId").GetInt64());
        }

        var listed = await List(host, all: false);
        Assert.Equal(ids, listed.Select(q => q.GetProperty("id").GetInt64()));
        Assert.Equal(bodies.Select(b => b.Item2), listed.Select(q => q.GetProperty("reason").GetString()));
        var bad = listed[2];
        Assert.Equal(badSignature, bad.GetProperty("body").GetString());
        Assert.Equal("application/json; charset=utf-8", bad.GetProperty("headers").GetProperty("Content-Type").GetString());
        var big = listed[4];
        Assert.True(big.GetProperty("bodyTruncated").GetBoolean());
        Assert.Equal(4096, Convert.FromBase64String(big.GetProperty("bodyBase64").GetString()!).Length);
        Assert.True(big.GetProperty("bodyLength").GetInt64() > 6000);
    }

    [Fact]
    public async Task AnExpiredCallbackReplaysOnlyWithTheOperatorsWaiverAndThenLeavesThePendingList()
    {
        var host = Host;
        var refused = await host.PostAsync(IngestHost.Signed(Payload("f-late"), t: 1_600_000_000));
        var id = (await IngestHost.JsonAsync(refused)).GetProperty("quarantineId").GetInt64();

        var again = await host.Client.SendAsync(host.Admin(HttpMethod.Post, $"/admin/quarantine/{id}/replay"));
        await AssertStillRefusedAsync(again, id, "signature-expired", 401);
        Assert.Single(await List(host, all: false));

        var replayed = await host.Client.SendAsync(host.Admin(HttpMethod.Post, $"/admin/quarantine/{id}/replay?acceptExpired=true"));
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        Assert.Equal("appended", (await IngestHost.JsonAsync(replayed)).GetProperty("outcome").GetString());

        var files = (await host.StreamAsync(LiveStreamIds.For("tencent", "1_q"))).Select(e => e.Data).OfType<RecordingFileCreated>();
        Assert.Equal("f-late", Assert.Single(files).FileId);
        Assert.Empty(await List(host, all: false));
        var done = Assert.Single(await List(host, all: true));
        Assert.Equal(200, done.GetProperty("replayStatus").GetInt32());
        Assert.NotEqual(JsonValueKind.Null, done.GetProperty("replayedAt").ValueKind);
    }

    [Fact]
    public async Task ABadSignatureReplaysOnlyWhenTheOperatorVouchesForTheBody()
    {
        var host = Host;
        var refused = await host.PostAsync(IngestHost.Signed(Payload("f-forged"), "wrong-key"));
        var id = (await IngestHost.JsonAsync(refused)).GetProperty("quarantineId").GetInt64();

        var waivedExpiry = await host.Client.SendAsync(host.Admin(HttpMethod.Post, $"/admin/quarantine/{id}/replay?acceptExpired=true"));
        var vouched = await host.Client.SendAsync(host.Admin(HttpMethod.Post, $"/admin/quarantine/{id}/replay?skipSignature=true"));

        await AssertStillRefusedAsync(waivedExpiry, id, "signature-invalid", 401);
        Assert.Equal(HttpStatusCode.OK, vouched.StatusCode);
    }

    [Fact]
    public async Task AReplayTellsTheOperatorsRefusedKeyApartFromTheCallbacksOwnRefusal()
    {
        var host = Host;
        var refused = await host.PostAsync(IngestHost.Signed(Payload("f-forged-2"), "wrong-key"));
        var id = (await IngestHost.JsonAsync(refused)).GetProperty("quarantineId").GetInt64();

        var wrongKey = new HttpRequestMessage(HttpMethod.Post, $"/admin/quarantine/{id}/replay") { Headers = { { "X-Admin-Key", "not-the-admin-key" } } };
        var operatorRefused = await host.Client.SendAsync(wrongKey);
        var callbackRefused = await host.Client.SendAsync(host.Admin(HttpMethod.Post, $"/admin/quarantine/{id}/replay"));
        var invalid = await host.PostAsync(IngestHost.Signed(new { event_type = 100, stream_id = "1_q" }));
        var invalidId = (await IngestHost.JsonAsync(invalid)).GetProperty("quarantineId").GetInt64();
        var stillInvalid = await host.Client.SendAsync(host.Admin(HttpMethod.Post, $"/admin/quarantine/{invalidId}/replay"));

        Assert.Equal(HttpStatusCode.Unauthorized, operatorRefused.StatusCode);
        Assert.False((await IngestHost.JsonAsync(operatorRefused)).TryGetProperty("outcome", out _));
        await AssertStillRefusedAsync(callbackRefused, id, "signature-invalid", 401);
        var detail = await AssertStillRefusedAsync(stillInvalid, invalidId, "invalid-field", 400);
        Assert.Contains("'file_id'", detail);
        var entry = Assert.Single(await List(host, all: false), q => q.GetProperty("id").GetInt64() == invalidId);
        Assert.Equal(400, entry.GetProperty("replayStatus").GetInt32());
    }

    /// <summary>A replay that ran and was refused again: 409, with the callback's own reason and status in the problem document.</summary>
    private static async Task<string> AssertStillRefusedAsync(HttpResponseMessage response, long id, string reason, int callbackStatus)
    {
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await IngestHost.JsonAsync(response);
        Assert.Equal("refused", problem.GetProperty("outcome").GetString());
        Assert.Equal(reason, problem.GetProperty("reason").GetString());
        Assert.Equal(callbackStatus, problem.GetProperty("callbackStatus").GetInt32());
        Assert.Equal(id, problem.GetProperty("quarantineId").GetInt64());
        return problem.GetProperty("detail").GetString()!;
    }

    [Fact]
    public async Task ATruncatedBodyCannotBeReplayedAndTheAdminEndpointsNeedTheAdminKey()
    {
        var host = Host;
        var oversized = Payload("f-big");
        oversized["padding"] = new string('x', 6000);
        var id = (await IngestHost.JsonAsync(await host.PostAsync(IngestHost.Signed(oversized)))).GetProperty("quarantineId").GetInt64();

        var replay = await host.Client.SendAsync(host.Admin(HttpMethod.Post, $"/admin/quarantine/{id}/replay"));
        var anonymous = await host.Client.GetAsync("/admin/quarantine");

        Assert.Equal(HttpStatusCode.Conflict, replay.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task TheQuarantineSizeGaugeCountsRefusalsUntilTheyAreReplayed()
    {
        var host = Host;
        var expired = await IngestHost.JsonAsync(await host.PostAsync(IngestHost.Signed(Payload("f-gauge-1"), t: 1_600_000_000)));
        await host.PostAsync("not json at all");
        var gauge = host.Services.GetRequiredService<QuarantineSizeGauge>();
        Assert.Equal(2, await gauge.RefreshAsync(CancellationToken.None));
        Assert.Equal(2, ObserveGauge(host));

        var id = expired.GetProperty("quarantineId").GetInt64();
        var replayed = await host.Client.SendAsync(host.Admin(HttpMethod.Post, $"/admin/quarantine/{id}/replay?acceptExpired=true"));
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        Assert.Equal(1, await gauge.RefreshAsync(CancellationToken.None));
        Assert.Equal(1, ObserveGauge(host));
    }

    /// <summary>Reads the gauge as an exporter would, from this host's meters only (other tests run beside it).</summary>
    private static long? ObserveGauge(IngestHost host)
    {
        var meters = host.Services.GetRequiredService<IMeterFactory>();
        long? observed = null;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "ingest.quarantine.pending" && instrument.Meter.Scope == meters) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => observed = value);
        listener.Start();
        listener.RecordObservableInstruments();
        return observed;
    }

    private static async Task<List<JsonElement>> List(IngestHost host, bool all)
    {
        var response = await host.Client.SendAsync(host.Admin(HttpMethod.Get, $"/admin/quarantine?all={all}"));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<List<JsonElement>>())!;
    }
}
