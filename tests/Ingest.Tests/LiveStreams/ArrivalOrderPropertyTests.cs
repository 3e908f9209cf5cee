using Ingest.LiveStreams;
using static Ingest.Tests.LiveStreams.Given;

namespace Ingest.Tests.LiveStreams;

/// <summary>The programs are the same for every arrival order of the same callbacks.</summary>
public class ArrivalOrderPropertyTests
{
    /// <summary>
    /// Three broadcasts, each with interruptions shorter than the gap, recorded as MP4 (cut every 10 minutes and where
    /// the push broke) and HLS (one file per uninterrupted push); returns the files and each file's broadcast.
    /// </summary>
    public static (List<LiveStreamCallback> Files, Dictionary<string, int> Broadcast) Broadcasts(Random random)
    {
        var files = new List<LiveStreamCallback>();
        var broadcastOf = new Dictionary<string, int>();
        var at = 0.0;
        for (var b = 0; b < 3; b++)
        {
            var pushes = random.Next(1, 4);
            for (var p = 0; p < pushes; p++)
            {
                var length = random.Next(5, 45) + random.NextDouble();
                var hls = $"b{b}-p{p}-hls";
                files.Add(File(hls, "hls", at, at + length));
                broadcastOf[hls] = b;
                for (var (cut, i) = (at, 0); cut < at + length; cut += 10, i++)
                {
                    var mp4 = $"b{b}-p{p}-mp4-{i}";
                    files.Add(File(mp4, "mp4", cut, Math.Min(cut + 10, at + length)));
                    broadcastOf[mp4] = b;
                }
                at += length + (p < pushes - 1 ? random.Next(0, 4) + random.NextDouble() : 0);
            }
            at += 6 + random.Next(0, 120);
        }
        return (files, broadcastOf);
    }

    [Fact]
    public void EveryShuffledArrivalOfAMultiFormatBroadcastGivesTheSamePrograms()
    {
        for (var seed = 0; seed < 25; seed++)
        {
            var random = new Random(seed);
            var (files, broadcastOf) = Broadcasts(random);
            var (inOrder, _) = Fold(files);
            var expected = Describe(inOrder);

            Assert.Equal(3, inOrder.Programs.Count);
            foreach (var program in inOrder.Programs.Values)
            {
                Assert.Single(program.Files.Select(f => broadcastOf[f.FileId]).Distinct());
                Assert.Equal(ProgramIds.For("tencent", StreamName, program.Files.Min(f => f.StartedAt)), program.Id);
            }
            for (var shuffle = 0; shuffle < 40; shuffle++)
            {
                var (state, _) = Fold(files.OrderBy(_ => random.Next()).ToList());
                Assert.Equal(expected, Describe(state));
            }
        }
    }

    [Fact]
    public void RandomFilesAreGroupedAsTheComponentsOfFilesCloserThanTheGapInEveryOrder()
    {
        for (var seed = 100; seed < 140; seed++)
        {
            var random = new Random(seed);
            var files = Enumerable.Range(0, 25).Select(i =>
            {
                var start = random.Next(0, 600) + random.NextDouble();
                return File($"f{i}", random.Next(2) == 0 ? "mp4" : "hls", start, start + random.Next(0, 20) + random.NextDouble());
            }).ToList();
            var expected = Components(files);

            for (var shuffle = 0; shuffle < 20; shuffle++)
            {
                var (state, _) = Fold(files.OrderBy(_ => random.Next()).ToList());
                var actual = state.Programs.Values
                    .Select(p => (p.Id, Files: string.Join(",", p.Files.Select(f => f.FileId).Order(StringComparer.Ordinal))))
                    .OrderBy(p => p.Files, StringComparer.Ordinal).ToList();
                Assert.Equal(expected, actual);
            }
        }
    }

    [Fact]
    public void FilesWithTheSendersSessionFormOneProgramPerSessionWhateverTheirTimesAndTheOthersFollowTheGapInEveryOrder()
    {
        for (var seed = 200; seed < 230; seed++)
        {
            var random = new Random(seed);
            var files = new List<LiveStreamCallback>();
            var sessions = random.Next(2, 5);
            for (var s = 0; s < sessions; s++)
            {
                // Sessions overlap or sit within the gap of each other, and their own files may be far apart.
                var at = random.Next(0, 60) + random.NextDouble();
                for (var f = 0; f < random.Next(1, 6); f++)
                {
                    var length = random.Next(0, 15) + random.NextDouble();
                    files.Add(File($"s{s}-f{f}", random.Next(2) == 0 ? "mp4" : "hls", at, at + length, session: $"session-{s}"));
                    at += length + random.Next(0, 20);
                }
            }
            var loose = Enumerable.Range(0, random.Next(0, 8)).Select(i =>
            {
                var start = random.Next(0, 120) + random.NextDouble();
                return File($"loose-{i}", "mp4", start, start + random.Next(0, 10) + random.NextDouble());
            }).ToList();
            files.AddRange(loose);

            var expected = files.Select(c => (Contracts.Recordings.RecordingFileCreated)c.Fact).Where(f => f.SessionId is not null)
                .GroupBy(f => f.SessionId!)
                .Select(g => (ProgramIds.ForSession("tencent", StreamName, g.Key), string.Join(",", g.Select(f => f.FileId).Order(StringComparer.Ordinal))))
                .Concat(Components(loose))
                .OrderBy(p => p.Item2, StringComparer.Ordinal).ToList();

            var sessionPrograms = Enumerable.Range(0, sessions).Select(i => ProgramIds.ForSession("tencent", StreamName, $"session-{i}")).ToHashSet();
            for (var shuffle = 0; shuffle < 20; shuffle++)
            {
                var (state, events) = Fold(files.OrderBy(_ => random.Next()).ToList());
                var actual = state.Programs.Values
                    .Select(p => (p.Id, Files: string.Join(",", p.Files.Select(f => f.FileId).Order(StringComparer.Ordinal))))
                    .OrderBy(p => p.Files, StringComparer.Ordinal).ToList();
                Assert.Equal(expected, actual);
                Assert.DoesNotContain(events.OfType<Contracts.Recordings.ProgramsMerged>(), m => sessionPrograms.Contains(m.SurvivorId) || sessionPrograms.Contains(m.MergedId));
            }
        }
    }

    /// <summary>An independent reference: sweep the files by start; a file farther than the gap from all before it starts a group.</summary>
    private static List<(Guid Id, string Files)> Components(List<LiveStreamCallback> callbacks)
    {
        var files = callbacks.Select(c => (Contracts.Recordings.RecordingFileCreated)c.Fact).OrderBy(f => f.StartedAt).ToList();
        var groups = new List<List<Contracts.Recordings.RecordingFileCreated>>();
        var reach = DateTimeOffset.MinValue;
        foreach (var f in files)
        {
            if (groups.Count == 0 || f.StartedAt - reach >= Rules.MaxProgramGap) groups.Add([]);
            groups[^1].Add(f);
            if (f.EndedAt > reach) reach = f.EndedAt;
        }
        return groups
            .Select(g => (ProgramIds.For("tencent", StreamName, g[0].StartedAt), string.Join(",", g.Select(f => f.FileId).Order(StringComparer.Ordinal))))
            .OrderBy(p => p.Item2, StringComparer.Ordinal).ToList();
    }
}
