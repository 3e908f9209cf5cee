using System.Net.Http.Json;
using System.Text.Json;
using SystemTests.Harness;
using Testing;

namespace SystemTests.Senders;

/// <summary>
/// A real nginx-rtmp records a real ffmpeg push and calls ingest; the catalog's REST answer is the proof: every file
/// nginx wrote is a file of one program, in order, with its public URL.
/// </summary>
public sealed class NginxRtmpEndToEndTests
{
    private const string Token = "e2e-nginx-token";
    private const string PublicUrlBase = "http://media.test/rec";
    private static readonly TimeSpan Gap = TimeSpan.FromSeconds(8);

    [Fact]
    public async Task EveryFileNginxRecordsBecomesAFileOfOneProgramAndAPushAfterALongPauseStartsAnother()
    {
        var db = await TestPostgres.NewDatabaseAsync();
        var ingestPort = FreePort.Next();
        await using var nginx = await NginxRtmpServer.StartAsync($"http://127.0.0.1:{ingestPort}/callbacks/nginx-rtmp?token={Token}", TimeSpan.FromSeconds(5));
        await using var ingest = ServiceProcess.Start("ingest", "Ingest", ingestPort, Services.BaseEnvironment(db, new Dictionary<string, string>
        {
            ["NginxRtmp__Token"] = Token,
            ["NginxRtmp__RecordRoot"] = nginx.RecordRoot,
            ["NginxRtmp__PublicUrlBase"] = PublicUrlBase,
            ["Ingest__MaxProgramGap"] = Gap.ToString(),
            ["Ingest__CutTolerance"] = "00:00:02",
        }));
        await using var catalog = Services.StartCatalog(db);
        await ingest.WaitUntilAsync("/readyz", TimeSpan.FromSeconds(60));
        await catalog.WaitUntilAsync("/readyz", TimeSpan.FromSeconds(60));
        const string anchor = "alice";

        await nginx.PushAsync(anchor, TimeSpan.FromSeconds(25));
        // The encoder drops and reconnects at once: well within the gap, the same broadcast.
        await nginx.PushAsync(anchor, TimeSpan.FromSeconds(6));
        await AllFilesListedAsync(catalog, nginx, anchor, programs: 1);
        var broadcast = nginx.Recordings();
        await Task.Delay(Gap + TimeSpan.FromSeconds(3));
        await nginx.PushAsync(anchor, TimeSpan.FromSeconds(4));
        var programs = await AllFilesListedAsync(catalog, nginx, anchor, programs: 2);

        var written = nginx.Recordings();
        Assert.True(broadcast.Count >= 6, $"nginx wrote {string.Join(", ", broadcast)} for 31 s in 5 s chunks");
        var older = programs[1];
        var newer = programs[0];
        Assert.Equal(broadcast.Select(f => $"{PublicUrlBase}/{f}"), Urls(older));
        Assert.Equal(written.Except(broadcast).Select(f => $"{PublicUrlBase}/{f}"), Urls(newer));
        Assert.All(programs, p => Assert.Equal("live/alice", p.GetProperty("streamId").GetString()));
        Assert.True(older.GetProperty("endedAt").GetDateTimeOffset() + Gap < newer.GetProperty("startedAt").GetDateTimeOffset());
        Assert.DoesNotContain(nginx.RecordRoot, string.Join('\n', programs.Select(p => p.GetRawText())));
    }

    private static List<string> Urls(JsonElement program) =>
        Assert.Single(program.GetProperty("renditions").EnumerateArray(), r => r.GetProperty("format").GetString() == "flv")
            .GetProperty("files").EnumerateArray().Select(f => f.GetProperty("url").GetString()!).ToList();

    /// <summary>Waits until the anchor has <paramref name="programs"/> programs listing every file nginx wrote; returns them, newest first.</summary>
    private static async Task<IReadOnlyList<JsonElement>> AllFilesListedAsync(ServiceProcess catalog, NginxRtmpServer nginx, string anchor, int programs)
    {
        IReadOnlyList<JsonElement> found = [];
        await Eventually.TrueAsync(async () =>
        {
            var page = await catalog.Http.GetFromJsonAsync<JsonElement>($"/v1/anchors/{anchor}/programs");
            found = page.GetProperty("items").EnumerateArray().Select(p => p.Clone()).ToList();
            var listed = found.SelectMany(Urls).Select(u => u[(PublicUrlBase.Length + 1)..]).Order(StringComparer.Ordinal);
            return found.Count == programs && listed.SequenceEqual(nginx.Recordings());
        }, $"{programs} program(s) of {anchor} listing every recording nginx wrote", 30);
        return found;
    }
}
