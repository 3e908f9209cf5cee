using System.Net;
using Contracts.Recordings;
using Ingest.Demo;

namespace Ingest.Tests.Demo;

/// <summary>The demo's callbacks, shuffled and signed as <c>Ingest.dll demo</c> sends them, go through the real pipeline.</summary>
[Collection(DefaultHostCollection.Name)]
public sealed class DemoCallbacksTests(IngestHostFixture fixture) : IngestTest(fixture)
{
    [Fact]
    public async Task EveryDemoCallbackIsAcceptedAndTheyMakeTheBroadcastsTheyDescribe()
    {
        var callbacks = DemoCallbacks.For(new DateTimeOffset(2026, 11, 21, 9, 30, 0, TimeSpan.Zero), "http://127.0.0.1:5190/media");
        new Random(8).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(callbacks));

        foreach (var callback in callbacks)
        {
            var response = await Host.PostAsync(IngestHost.Signed(callback));
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(new[] { 1, 100, 0, 200 }.Order(), callbacks.Select(c => (int)c["event_type"]!).Distinct().Order());
        Assert.Equal(2, await ProgramsAsync("alice"));
        Assert.Equal(1, await ProgramsAsync("bob"));
        Assert.Equal(2, await ProgramsAsync("carol"));
        var bob = await Host.StreamAsync(LiveStreamIds.For("tencent", "1400012345_bob"));
        Assert.Equal(3, bob.Select(e => e.Data).OfType<RecordingFileCreated>().Count(f => f.Format == "hls"));
        Assert.Contains(bob.Select(e => e.Data), e => e is ScreenshotTaken);
        Assert.All(callbacks.Where(c => (int)c["event_type"]! == 100), c => Assert.StartsWith("http://127.0.0.1:5190/media/", (string)c["video_url"]!));
    }

    /// <summary>The anchor's programs as the log says now: placements' programs, less those merged away.</summary>
    private async Task<int> ProgramsAsync(string anchor)
    {
        var events = (await Host.StreamAsync(LiveStreamIds.For("tencent", $"1400012345_{anchor}"))).Select(e => e.Data).ToList();
        var merged = events.OfType<ProgramsMerged>().Select(m => m.MergedId).ToHashSet();
        return events.OfType<StreamSegmented>().Select(s => s.ProgramId).Distinct().Count(id => !merged.Contains(id));
    }
}
