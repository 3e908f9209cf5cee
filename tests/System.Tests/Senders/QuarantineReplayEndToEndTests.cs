using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Testing.Senders;
using static SystemTests.Senders.CatalogPrograms;

namespace SystemTests.Senders;

/// <summary>A refused sender callback waits in ingest's quarantine and reaches the catalog once the operator replays it.</summary>
[Collection(SendersCollection.Name)]
public sealed class QuarantineReplayEndToEndTests(SenderServices services)
{
    private static readonly DateTimeOffset Start = new(2027, 1, 15, 18, 0, 0, TimeSpan.Zero);

    private async Task<(HttpStatusCode Status, string? Reason)> ReplayAsync(long id, string waiver = "")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/admin/quarantine/{id}/replay{waiver}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SenderServices.AdminKey);
        using var response = await services.Ingest.Http.SendAsync(request);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (response.StatusCode, body.TryGetProperty("reason", out var reason) ? reason.GetString() : null);
    }

    private static async Task<long> QuarantinedAsync(HttpResponseMessage refused, string reason)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(reason, problem.GetProperty("reason").GetString());
        return problem.GetProperty("quarantineId").GetInt64();
    }

    [Fact]
    public async Task AnExpiredMuxDeliveryReplaysOnlyWithTheExpiryWaivedSinceItsSignatureIsKept()
    {
        const string anchor = "replay-hana";
        var body = MuxWebhooks.Completed("AsSeThana", "LiVeStReAmHana", Start, eventId: "5a0c1f64-0101-4b1e-9a55-0c6f2d9e7b01",
            passthrough: anchor, publicPlaybackId: "PlAyHaNa");
        var anHourAgo = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds();
        var id = await QuarantinedAsync(await MuxWebhooks.PostAsync(services.Ingest.Http, body, MuxWebhooks.Header(body, anHourAgo, MuxWebhooks.Secret)),
            "signature-expired");

        Assert.Equal((HttpStatusCode.Conflict, "signature-expired"), await ReplayAsync(id));
        Assert.Equal(HttpStatusCode.OK, (await ReplayAsync(id, "?acceptExpired=true")).Status);

        var program = Assert.Single(await services.Catalog.ListingAsync(anchor, "AsSeThana"));
        Assert.Equal(["https://stream.mux.com/PlAyHaNa.m3u8"], Files(program, "hls").Select(f => Text(f, "url")));
    }

    [Fact]
    public async Task AnIvsEventWithAWrongApiKeyReplaysOnlyWhenTheOperatorVouchesForItSinceTheKeyIsNeverKept()
    {
        const string anchor = "replay-ivan";
        var end = IvsEvents.Event("Recording End", "sess-ivan", Start.AddMinutes(10), 600_000, channel: "IvAnChAnNeL1", channelName: anchor);
        var id = await QuarantinedAsync(await IvsEvents.PostAsync(services.Ingest.Http, end, "an-old-api-key"), "signature-invalid");

        Assert.Equal((HttpStatusCode.Conflict, "signature-missing"), await ReplayAsync(id));
        Assert.Equal(HttpStatusCode.OK, (await ReplayAsync(id, "?skipSignature=true")).Status);

        var program = Assert.Single(await services.Catalog.ListingAsync(anchor, "sess-ivan"));
        Assert.Equal((Start, Start.AddMinutes(10)), (program.GetProperty("startedAt").GetDateTimeOffset(), program.GetProperty("endedAt").GetDateTimeOffset()));
    }
}
