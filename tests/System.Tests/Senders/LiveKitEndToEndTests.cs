using System.Net;
using System.Text.Json;
using Testing.Senders;
using static SystemTests.Senders.CatalogPrograms;

namespace SystemTests.Senders;

/// <summary>LiveKit's <c>egress_ended</c> webhooks, signed as LiveKit signs them, into the real ingest and out of the real catalog.</summary>
[Collection(SendersCollection.Name)]
public sealed class LiveKitEndToEndTests(SenderServices services)
{
    private static readonly DateTimeOffset Start = new(2027, 1, 15, 18, 0, 0, TimeSpan.Zero);

    private async Task<HttpStatusCode> SendAsync(string body, string? signedBody = null) =>
        (await LiveKitWebhooks.PostAsync(services.Ingest.Http, body, LiveKitWebhooks.Token(signedBody ?? body, DateTimeOffset.UtcNow))).StatusCode;

    [Fact]
    public async Task EachEgressIsAProgramOfItsOwnWithARenditionPerOutputAndAFailedOrAbortedOneIsNone()
    {
        const string anchor = "lk-dana";
        const string room = "room-" + anchor;
        var firstEnd = Start.AddMinutes(42);
        var first = LiveKitWebhooks.EgressEnded("EG_dana_1", room, Start, firstEnd, eventId: "EV_dana_1");
        // Ten seconds after the first: the time gap alone would join them, the egress ids keep them apart.
        var second = LiveKitWebhooks.EgressEnded("EG_dana_2", room, firstEnd.AddSeconds(10), firstEnd.AddMinutes(5), eventId: "EV_dana_2");

        var failed = LiveKitWebhooks.EgressEnded("EG_dana_failed", room, Start.AddMinutes(-3), Start.AddMinutes(-2), "EGRESS_FAILED", eventId: "EV_dana_f");
        // Aborted midway, it still lists the files it wrote: they are kept as the error's detail, not as a program.
        var aborted = LiveKitWebhooks.EgressEnded("EG_dana_aborted", room, firstEnd.AddMinutes(1), firstEnd.AddMinutes(2), "EGRESS_ABORTED",
            eventId: "EV_dana_a", partialOutputs: true);

        Assert.Equal(HttpStatusCode.OK, await SendAsync(failed));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(aborted));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(first));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(first));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(second));

        // The failures and the redelivery were committed before the second egress: once it is listed, so would they be.
        var programs = await services.Catalog.ListingAsync(anchor, $"EG_dana_2/{room}/EG_dana_2.m3u8");

        Assert.Equal(2, programs.Count);
        var (older, newer) = (programs[1], programs[0]);
        Assert.All(programs, p => Assert.Equal((anchor, room, "hls mp4"), (Text(p, "anchorId"), Text(p, "streamId"), string.Join(' ', Formats(p)))));
        Assert.Equal(["https://bucket.s3.amazonaws.com/room-lk-dana/EG_dana_1.m3u8"], Files(older, "hls").Select(f => Text(f, "url")));
        Assert.Equal(["https://bucket.s3.amazonaws.com/room-lk-dana/EG_dana_1.mp4"], Files(older, "mp4").Select(f => Text(f, "url")));
        Assert.Equal((Start, firstEnd), (older.GetProperty("startedAt").GetDateTimeOffset(), older.GetProperty("endedAt").GetDateTimeOffset()));
        Assert.Equal(["https://bucket.s3.amazonaws.com/room-lk-dana/EG_dana_2.m3u8"], Files(newer, "hls").Select(f => Text(f, "url")));
        Assert.DoesNotContain(programs.SelectMany(Files), f => Text(f, "fileId").Contains("failed") || Text(f, "fileId").Contains("aborted"));
        var byId = await services.Catalog.ByIdAsync(older);
        Assert.Equal(Files(older).Select(f => Text(f, "fileId")), Files(byId).Select(f => Text(f, "fileId")));
    }

    [Fact]
    public async Task TheDeprecatedFileIsTheRecordingWhenFileResultsIsEmptyAndABodyOtherThanTheSignedOneIsRefused()
    {
        const string anchor = "lk-emil";
        const string room = "room-" + anchor;
        var legacy = LiveKitWebhooks.EgressEnded("EG_emil", room, Start, Start.AddMinutes(20), legacyFile: true, hls: false, eventId: "EV_emil");
        var forged = LiveKitWebhooks.EgressEnded("EG_emil_forged", room, Start.AddMinutes(30), Start.AddMinutes(40), eventId: "EV_emil_forged");

        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(forged, signedBody: legacy));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(legacy));

        var program = Assert.Single(await services.Catalog.ListingAsync(anchor, $"EG_emil/{room}/EG_emil.mp4"));
        var file = Assert.Single(Files(program, "mp4"));
        Assert.Equal(["mp4"], Formats(program));
        Assert.Equal(("https://bucket.s3.amazonaws.com/room-lk-emil/EG_emil.mp4", 4821301L), (Text(file, "url"), file.GetProperty("sizeBytes").GetInt64()));
        Assert.Equal((Start, Start.AddMinutes(20)), (program.GetProperty("startedAt").GetDateTimeOffset(), program.GetProperty("endedAt").GetDateTimeOffset()));
        Assert.Equal(JsonValueKind.Object, (await services.Catalog.ByIdAsync(program)).ValueKind);
    }
}
