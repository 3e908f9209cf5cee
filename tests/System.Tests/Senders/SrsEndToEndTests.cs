using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Testing.Senders;
using static SystemTests.Senders.CatalogPrograms;

namespace SystemTests.Senders;

/// <summary>SRS's <c>on_dvr</c> over real HTTP into the real ingest, read back from the real catalog's REST answer.</summary>
[Collection(SendersCollection.Name)]
public sealed class SrsEndToEndTests(SenderServices services)
{
    [Fact]
    public async Task DvrFilesArrivingOutOfOrderAreFilesOfOneProgramServedUnderThePublicUrlBaseNeverTheServersDiskPath()
    {
        const string anchor = "srs-anna";
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var (first, second) = (now - 40, now - 20);
        string Relative(long start) => $"live/{anchor}.{start * 1000 + 776}.flv";

        // The later file's callback comes first; the earlier one is from an old SRS that sends client_id as a number.
        var answer = await SrsHooks.PostAsync(services.Ingest.Http, SrsHooks.OnDvr(second, stream: anchor));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(0, (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await SrsHooks.PostAsync(services.Ingest.Http, SrsHooks.OnDvr(first, clientId: 1985, stream: anchor))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await SrsHooks.PostAsync(services.Ingest.Http, SrsHooks.OnDvr(now - 10, stream: anchor), "srs-not-the-token")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest,
            (await SrsHooks.PostAsync(services.Ingest.Http, SrsHooks.OnDvr(now - 5, file: $"/tmp/live/{anchor}.{(now - 5) * 1000}.flv", stream: anchor))).StatusCode);

        var program = Assert.Single(await services.Catalog.WhenAsync(anchor, p => p.Count == 1 && Files(p[0]).Count() == 2, "one program of two files"));

        Assert.Equal((anchor, $"live/{anchor}"), (Text(program, "anchorId"), Text(program, "streamId")));
        Assert.Equal(["flv"], Formats(program));
        var files = Files(program, "flv");
        Assert.Equal([Relative(first), Relative(second)], files.Select(f => Text(f, "fileId")));
        Assert.Equal([$"{SrsHooks.PublicUrlBase}/{Relative(first)}", $"{SrsHooks.PublicUrlBase}/{Relative(second)}"], files.Select(f => Text(f, "url")));
        // SRS reports no times: a file starts at its name's [timestamp].
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(first * 1000 + 776), program.GetProperty("startedAt").GetDateTimeOffset());
        var byId = await services.Catalog.ByIdAsync(program);
        Assert.Equal(files.Select(f => Text(f, "url")), Files(byId, "flv").Select(f => Text(f, "url")));
        Assert.DoesNotContain(SrsHooks.RecordRoot, program.GetRawText() + byId.GetRawText());
        Assert.DoesNotContain("/usr/local/srs", program.GetRawText() + byId.GetRawText());
    }
}
