using System.Net;
using Testing.Senders;
using static SystemTests.Senders.CatalogPrograms;

namespace SystemTests.Senders;

/// <summary>Mux webhooks, signed with <c>Mux-Signature</c> as Mux signs them, into the real ingest and out of the real catalog.</summary>
[Collection(SendersCollection.Name)]
public sealed class MuxEndToEndTests(SenderServices services)
{
    private static readonly DateTimeOffset Start = new(2027, 1, 15, 18, 0, 0, TimeSpan.Zero);

    private async Task<HttpStatusCode> SendAsync(string body, params string[] secrets) =>
        (await MuxWebhooks.PostAsync(services.Ingest.Http, body,
            MuxWebhooks.Header(body, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), secrets.Length > 0 ? secrets : [MuxWebhooks.Secret]))).StatusCode;

    [Fact]
    public async Task EachAssetOfALiveStreamIsOneProgramPlayedFromItsPublicPlaybackIdAndRedeliveriesChangeNothing()
    {
        const string anchor = "mux-fay";
        const string liveStream = "LiVeStReAmFay";
        var first = MuxWebhooks.Completed("AsSeTfay1", liveStream, Start, eventId: "5a0c1f64-0001-4b1e-9a55-0c6f2d9e7a01", passthrough: anchor, publicPlaybackId: "PlAyFaY1");
        var redelivered = MuxWebhooks.Completed("AsSeTfay1", liveStream, Start, eventId: "5a0c1f64-0002-4b1e-9a55-0c6f2d9e7a02", passthrough: anchor, publicPlaybackId: "PlAyFaY1");
        var ready = MuxWebhooks.Completed("AsSeTfay1", liveStream, Start, eventId: "5a0c1f64-0003-4b1e-9a55-0c6f2d9e7a03", type: "video.asset.ready", passthrough: anchor, publicPlaybackId: "PlAyFaY1");
        // The encoder came back 30 s after the first asset ended: the same live stream, a new asset, a new program.
        var second = MuxWebhooks.Completed("AsSeTfay2", liveStream, Start.AddSeconds(1530), eventId: "5a0c1f64-0004-4b1e-9a55-0c6f2d9e7a04", passthrough: anchor, publicPlaybackId: "PlAyFaY2");

        Assert.Equal(HttpStatusCode.OK, await SendAsync(first));
        foreach (var again in new[] { first, redelivered, ready, ready })
            Assert.Equal(HttpStatusCode.OK, await SendAsync(again));
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(second, "not-the-secret"));
        // During a rotation Mux signs with every secret it holds, one v1 each.
        Assert.Equal(HttpStatusCode.OK, await SendAsync(second, "a-secret-unknown-here", MuxWebhooks.Secret));

        var programs = await services.Catalog.ListingAsync(anchor, "AsSeTfay2");

        Assert.Equal(2, programs.Count);
        var (older, newer) = (programs[1], programs[0]);
        Assert.All(programs, p => Assert.Equal((anchor, liveStream, "hls"), (Text(p, "anchorId"), Text(p, "streamId"), string.Join(' ', Formats(p)))));
        var file = Assert.Single(Files(older, "hls"));
        Assert.Equal(("AsSeTfay1", "https://stream.mux.com/PlAyFaY1.m3u8"), (Text(file, "fileId"), Text(file, "url")));
        Assert.Equal((Start, Start.AddSeconds(1500.5)), (older.GetProperty("startedAt").GetDateTimeOffset(), older.GetProperty("endedAt").GetDateTimeOffset()));
        Assert.Equal(["https://stream.mux.com/PlAyFaY2.m3u8"], Files(newer, "hls").Select(f => Text(f, "url")));
        var byId = await services.Catalog.ByIdAsync(older);
        Assert.Equal(["AsSeTfay1"], Files(byId).Select(f => Text(f, "fileId")));
    }
}
