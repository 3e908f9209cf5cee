using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Testing.Senders;
using static SystemTests.Senders.CatalogPrograms;

namespace SystemTests.Senders;

/// <summary>ZLMediaKit's <c>on_record_mp4</c> over real HTTP into the real ingest, read back from the real catalog's REST answer.</summary>
[Collection(SendersCollection.Name)]
public sealed class ZlMediaKitEndToEndTests(SenderServices services)
{
    private const long T = 1_800_000_000;

    [Fact]
    public async Task RecordedMp4sAreFilesOfOneProgramInTimeOrderWithPublicUrlsAndARetryWithANewHookIndexAddsNoFile()
    {
        const string anchor = "zlm-bruno";
        string Relative(long start) => $"__defaultVhost__/record/live/{anchor}/2027-01-15/{start}.mp4";

        foreach (var start in new[] { T + 120, T, T + 60 })
        {
            var answer = await ZlMediaKitHooks.PostAsync(services.Ingest.Http, ZlMediaKitHooks.OnRecordMp4(start, 60, stream: anchor));
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Equal(0, (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetInt32());
        }
        // ZLMediaKit retries a hook it thinks failed with the next hook_index: the same file.
        Assert.Equal(HttpStatusCode.OK, (await ZlMediaKitHooks.PostAsync(services.Ingest.Http, ZlMediaKitHooks.OnRecordMp4(T, 60, hookIndex: 13, stream: anchor))).StatusCode);
        // Committed after the retry: once the catalog lists it, a file the retry had added would be listed too.
        Assert.Equal(HttpStatusCode.OK, (await ZlMediaKitHooks.PostAsync(services.Ingest.Http, ZlMediaKitHooks.OnRecordMp4(T + 180, 30.5, stream: anchor))).StatusCode);

        var program = Assert.Single(await services.Catalog.ListingAsync(anchor, Relative(T + 180)));

        var files = Files(program, "mp4");
        long[] starts = [T, T + 60, T + 120, T + 180];
        Assert.Equal(starts.Select(Relative), files.Select(f => Text(f, "fileId")));
        Assert.Equal(starts.Select(s => $"{ZlMediaKitHooks.PublicUrlBase}/{Relative(s)}"), files.Select(f => Text(f, "url")));
        Assert.All(files, f => Assert.Equal(1913597, f.GetProperty("sizeBytes").GetInt64()));
        Assert.Equal((DateTimeOffset.FromUnixTimeSeconds(T), DateTimeOffset.FromUnixTimeSeconds(T + 180).AddSeconds(30.5)),
            (program.GetProperty("startedAt").GetDateTimeOffset(), program.GetProperty("endedAt").GetDateTimeOffset()));
        var byId = await services.Catalog.ByIdAsync(program);
        Assert.Equal(files.Select(f => Text(f, "fileId")), Files(byId, "mp4").Select(f => Text(f, "fileId")));
        Assert.DoesNotContain(ZlMediaKitHooks.RecordRoot, program.GetRawText() + byId.GetRawText());
    }
}
