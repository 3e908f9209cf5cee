using System.Net;
using Contracts.Recordings;
using Ingest.LiveStreams;
using Ingest.Tests.Callbacks;
using Ingest.Tests.Senders.NginxRtmp;
using Testing.Senders;
using static Ingest.Tests.LiveStreams.Given;

namespace Ingest.Tests.LiveStreams;

/// <summary>The same property through HTTP and PostgreSQL: the log folds to the same programs for any arrival order.</summary>
public class ShuffledArrivalTests(ShuffledArrivalTests.SendersHost fixture) : IngestTest(fixture), IClassFixture<ShuffledArrivalTests.SendersHost>
{
    /// <summary>Tencent (signed), nginx-rtmp and IVS configured at once: each order of arrival gets the host reset.</summary>
    public sealed class SendersHost() : IngestHostFixture(new(NginxRtmpForms.Settings.Concat(IvsEvents.Settings)));

    [Fact]
    public async Task ShuffledArrivalsOfAMultiSegmentMultiFormatBroadcastGiveTheSameProgramsInTheLog()
    {
        var (files, _) = ArrivalOrderPropertyTests.Broadcasts(new Random(7));
        var (expected, _) = Fold(files);
        var random = new Random(8);

        for (var order = 0; order < 3; order++)
        {
            await ResetAsync();
            var host = Host;
            var shuffled = files.OrderBy(_ => random.Next()).ToList();
            // Half of them concurrently, so some share a commit batch; the rest one by one.
            var concurrent = await Task.WhenAll(shuffled.Take(shuffled.Count / 2).Select(f => host.PostAsync(SignedBody(f))));
            foreach (var f in shuffled.Skip(shuffled.Count / 2))
                Assert.Equal(HttpStatusCode.OK, (await host.PostAsync(SignedBody(f))).StatusCode);
            Assert.All(concurrent, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));

            var log = await host.StreamAsync(LiveStreamIds.For("tencent", StreamName));
            var folded = log.Aggregate(LiveStream.Empty, (state, e) => state.Apply(e.Data));
            Assert.Equal(Describe(expected), Describe(folded));
        }
    }

    [Fact]
    public async Task ShuffledArrivalsOfASenderWithoutSessionsGiveTheSameProgramsAsTheirTimeOrder()
    {
        // nginx-rtmp: a chunk starts at its file name's record_unique time and ends when its callback arrives.
        var (files, _) = ArrivalOrderPropertyTests.Broadcasts(new Random(11));
        var chunks = files.Select(c => (RecordingFileCreated)c.Fact).Where(f => f.Format == "mp4").ToList();
        var random = new Random(12);
        string? expected = null;

        for (var order = 0; order < 3; order++)
        {
            await ResetAsync();
            var (host, clock) = (Host, Clock);
            foreach (var chunk in order == 0 ? chunks : chunks.OrderBy(_ => random.Next()).ToList())
            {
                clock.Now = chunk.EndedAt;
                var response = await NginxRtmpForms.PostAsync(host, NginxRtmpForms.RecordDone("anchor", chunk.StartedAt.ToUnixTimeSeconds()));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            var log = await host.StreamAsync(LiveStreamIds.For("nginx-rtmp", "live/anchor"));
            var folded = log.Aggregate(LiveStream.Empty, (state, e) => state.Apply(e.Data));
            if (expected is null) Assert.Equal(3, folded.Programs.Count);
            expected ??= Describe(folded);
            Assert.Equal(expected, Describe(folded));
        }
    }

    [Fact]
    public async Task ShuffledArrivalsOfASenderWithSessionsGiveOneProgramPerSessionWhateverTheOrder()
    {
        // AWS IVS: sessions back to back (well within the gap), each announced by Start and End, some twice.
        var at = T0;
        var events = new List<string>();
        for (var s = 0; s < 6; s++)
        {
            var length = TimeSpan.FromMinutes(3 + s);
            events.Add(IvsEvents.Event("Recording Start", $"session-{s}", at));
            events.Add(IvsEvents.Event("Recording End", $"session-{s}", at + length, (long)length.TotalMilliseconds));
            at += length + TimeSpan.FromSeconds(20);
        }
        events.AddRange(events.Where((_, i) => i % 3 == 0).ToList());
        var random = new Random(21);

        for (var order = 0; order < 3; order++)
        {
            await ResetAsync();
            var host = Host;
            var shuffled = events.OrderBy(_ => random.Next()).ToList();
            var responses = await Task.WhenAll(shuffled.Take(shuffled.Count / 2).Select(e => IvsEvents.PostAsync(host.Client, e)));
            foreach (var e in shuffled.Skip(shuffled.Count / 2)) responses = [.. responses, await IvsEvents.PostAsync(host.Client, e)];
            Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));

            var log = await host.StreamAsync(LiveStreamIds.For("ivs", IvsEvents.Channel));
            var programs = log.Aggregate(LiveStream.Empty, (state, e) => state.Apply(e.Data)).Programs.Values;
            Assert.Equal(Enumerable.Range(0, 6).Select(s => ProgramIds.ForSession("ivs", IvsEvents.Channel, $"session-{s}")).Order(), programs.Select(p => p.Id).Order());
            Assert.All(programs, p => Assert.Single(p.Files));
        }
    }

    [Fact]
    public async Task ALateFileBridgingTwoProgramsMergesTheLaterIntoTheEarlier()
    {
        var host = Host;
        var early = File("a", "mp4", 0, 30);
        var late = File("c", "mp4", 36, 60);
        var bridge = File("b", "mp4", 31, 35);

        foreach (var f in new[] { early, late, bridge })
            Assert.Equal(HttpStatusCode.OK, (await host.PostAsync(SignedBody(f))).StatusCode);

        var log = (await host.StreamAsync(LiveStreamIds.For("tencent", StreamName))).Select(e => e.Data).ToList();
        var merged = Assert.Single(log.OfType<ProgramsMerged>());
        Assert.Equal((ProgramStartingAt(0), ProgramStartingAt(36)), (merged.SurvivorId, merged.MergedId));
        var program = Assert.Single(log.Aggregate(LiveStream.Empty, (s, e) => s.Apply(e)).Programs.Values);
        Assert.Equal(["a", "b", "c"], program.Rendition("mp4").Select(f => f.FileId));
    }
}
