using System.Net;
using Testing.Senders;
using static SystemTests.Senders.CatalogPrograms;

namespace SystemTests.Senders;

/// <summary>"IVS Recording State Change" events as an EventBridge API destination posts them, into the real ingest and out of the real catalog.</summary>
[Collection(SendersCollection.Name)]
public sealed class IvsEndToEndTests(SenderServices services)
{
    private const string Channel = "GwEnChAnNeL1";
    private const string Anchor = "ivs-gwen";
    private static readonly DateTimeOffset Start = new(2027, 1, 15, 18, 0, 0, TimeSpan.Zero);

    private static string Event(string status, string session, DateTimeOffset time, long durationMs = 0, string[]? streamIds = null) =>
        IvsEvents.Event(status, session, time, durationMs, streamIds, Channel, Anchor);

    private async Task<HttpStatusCode> SendAsync(string body, string key = IvsEvents.ApiKey) =>
        (await IvsEvents.PostAsync(services.Ingest.Http, body, key)).StatusCode;

    [Fact]
    public async Task OneProgramPerRecordingSessionWhateverTheOrderTheRepeatsAndTheStreamIdsOfAReconnect()
    {
        var end = Event("Recording End", "sess-gwen-1", Start.AddMinutes(30), 1_800_000, ["st-gwen-first", "st-gwen-after-reconnect"]);
        var start = Event("Recording Start", "sess-gwen-1", Start, streamIds: ["st-gwen-first"]);

        foreach (var body in new[] { end, end, start, start, Event("Recording Start Failure", "sess-gwen-failed", Start.AddMinutes(31)) })
            Assert.Equal(HttpStatusCode.OK, await SendAsync(body));
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(Event("Recording End", "sess-gwen-forged", Start.AddMinutes(40), 60_000), "not-the-api-key"));
        // One minute after the first session ended: the time gap alone would join them, the session ids keep them apart.
        Assert.Equal(HttpStatusCode.OK, await SendAsync(Event("Recording End", "sess-gwen-2", Start.AddMinutes(36), 300_000)));

        var programs = await services.Catalog.ListingAsync(Anchor, "sess-gwen-2");

        Assert.Equal(2, programs.Count);
        var (older, newer) = (programs[1], programs[0]);
        Assert.All(programs, p => Assert.Equal((Anchor, Channel, "hls"), (Text(p, "anchorId"), Text(p, "streamId"), string.Join(' ', Formats(p)))));
        var file = Assert.Single(Files(older, "hls"));
        Assert.Equal(("sess-gwen-1", $"https://d1abc.cloudfront.net/ivs/v1/123456789012/{Channel}/2027/1/15/18/0/sess-gwen-1/media/hls/master.m3u8"),
            (Text(file, "fileId"), Text(file, "url")));
        Assert.Equal((Start, Start.AddMinutes(30)), (older.GetProperty("startedAt").GetDateTimeOffset(), older.GetProperty("endedAt").GetDateTimeOffset()));
        Assert.Equal(["sess-gwen-2"], Files(newer).Select(f => Text(f, "fileId")));
        var byId = await services.Catalog.ByIdAsync(older);
        Assert.Equal(["sess-gwen-1"], Files(byId).Select(f => Text(f, "fileId")));
    }
}
