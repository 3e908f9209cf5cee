using System.Net.Http.Json;
using System.Text.Json;
using SystemTests.Harness;
using Testing;
using Testing.Tencent;

namespace SystemTests.Reconciling;

/// <summary>
/// Ingest is down long enough for Tencent to give up on some callbacks; when it is back, reconciliation with VOD's
/// SearchMedia finds what was lost, and the catalog's REST answer holds every program, complete.
/// </summary>
public sealed class OutageTests
{
    private const string Secret = "system-test-vod-secret";
    private const string AdminKey = "system-test-ingest-admin-key";
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddHours(-6).ToUnixTimeSeconds());

    private static VodRecording File(string fileId, string stream, string format, int startMinutes, int endMinutes) =>
        new(fileId, stream, format, T0.AddMinutes(startMinutes), T0.AddMinutes(endMinutes), default, SizeBytes: 4_000_000);

    [Fact]
    public async Task AfterAnOutageLongerThanTencentsRetriesReconciliationBringsBackEveryProgram()
    {
        var db = await TestPostgres.NewDatabaseAsync();
        await using var vod = new SearchMediaStandIn(Secret);
        var tencent = new TencentCloud(vod);
        var settings = new Dictionary<string, string>
        {
            ["Ingest__AdminKeys__0"] = AdminKey,
            ["Tencent__Api__SecretId"] = SearchMediaStandIn.SecretId,
            ["Tencent__Api__SecretKey"] = Secret,
            ["Tencent__Api__Endpoint"] = vod.Endpoint.ToString(),
            // Scheduled runs every two seconds, each leaving the last three to the callbacks (Tencent's 12 minutes, scaled down).
            ["Tencent__Reconcile__Interval"] = "00:00:02",
            ["Tencent__Reconcile__SettleDelay"] = "00:00:03",
        };
        await using var catalog = Services.StartCatalog(db);
        await catalog.WaitUntilAsync("/readyz", TimeSpan.FromSeconds(60));
        var ingest = Services.StartIngest(db, settings);
        await ingest.WaitUntilAsync("/readyz", TimeSpan.FromSeconds(60));

        // Alice's first broadcast starts while ingest is up: MP4 cut every 30 minutes, and one HLS playlist.
        Assert.True(await tencent.RecordAsync(ingest, File("a-mp4-1", "1400_alice", "mp4", 0, 30)));
        Assert.Equal(0, await ingest.StopAsync(TimeSpan.FromSeconds(30)));
        await ingest.DisposeAsync();

        // Ingest is down: every callback fails until Tencent gives up on it.
        foreach (var lost in new[]
                 {
                     File("a-mp4-2", "1400_alice", "mp4", 30, 60), File("a-hls-1", "1400_alice", "hls", 0, 60),
                     File("a-mp4-3", "1400_alice", "mp4", 90, 120), File("b-mp4-1", "1400_bob", "mp4", 10, 40),
                 })
            Assert.False(await tencent.RecordAsync(ingest, lost));

        await using var restarted = Services.StartIngest(db, settings);
        await restarted.WaitUntilAsync("/readyz", TimeSpan.FromSeconds(60));
        Assert.True(await tencent.RecordAsync(restarted, File("b-mp4-2", "1400_bob", "mp4", 40, 70)));

        var alice = await ProgramsAsync(catalog, "alice", 2);
        Assert.Equal(
            [
                $"{T0.AddMinutes(90):O} mp4[a-mp4-3]",
                $"{T0:O} hls[a-hls-1] mp4[a-mp4-1 a-mp4-2]",
            ],
            alice);
        Assert.Equal([$"{T0.AddMinutes(10):O} mp4[b-mp4-1 b-mp4-2]"], await ProgramsAsync(catalog, "bob", 1));

        using var status = new HttpRequestMessage(HttpMethod.Get, "/admin/reconcile") { Headers = { { "X-Admin-Key", AdminKey } } };
        var reconciler = (await (await restarted.Http.SendAsync(status)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reconcilers")[0];
        Assert.Equal(tencent.Dropped.Count, reconciler.GetProperty("recoveredTotal").GetInt64());
        Assert.Equal(4, tencent.Dropped.Count);
    }

    /// <summary>The anchor's programs once there are <paramref name="count"/>, newest first, each as its start and its renditions' files in order.</summary>
    private static async Task<List<string>> ProgramsAsync(ServiceProcess catalog, string anchor, int count)
    {
        List<string> programs = [];
        await Eventually.TrueAsync(async () =>
        {
            var page = await catalog.Http.GetFromJsonAsync<JsonElement>($"/v1/anchors/{anchor}/programs");
            programs = page.GetProperty("items").EnumerateArray().Select(Describe).ToList();
            return programs.Count == count && programs.Sum(p => p.Split(' ').Length - 1) == Expected(anchor);
        }, $"{count} program(s) of {anchor} with every file", 60);
        return programs;
    }

    private static int Expected(string anchor) => anchor == "alice" ? 4 : 2;

    private static string Describe(JsonElement program) =>
        $"{program.GetProperty("startedAt").GetDateTimeOffset():O} " + string.Join(' ', program.GetProperty("renditions").EnumerateArray()
            .OrderBy(r => r.GetProperty("format").GetString(), StringComparer.Ordinal)
            .Select(r => $"{r.GetProperty("format").GetString()}[{string.Join(' ', r.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("fileId").GetString()))}]"));
}
