using Catalog.Feeds;
using Contracts.Recordings;

namespace Benchmarks;

/// <summary>
/// A month of broadcasts as ingest would log them, interleaved in time across anchors: push started/ended, MP4 cut
/// every 30 minutes and one HLS playlist per uninterrupted push, a screenshot every 10 minutes, some short programs,
/// some interrupted pushes (gaps), a few merges; then editors' curation. Deterministic for a seed.
/// </summary>
public sealed class RealisticLog
{
    private const string Provider = "tencent";
    private static readonly DateTimeOffset Month = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public sealed record Broadcast(int Anchor, Guid Id, DateTimeOffset Start, DateTimeOffset End, DateTimeOffset? Interruption, Guid? MergeInto);

    private readonly List<(long Ticks, int Program, int Kind, int Index)> _schedule = [];

    public List<Broadcast> Programs { get; } = [];
    public int Anchors { get; private set; }
    public int FeedEvents { get; private set; }

    private string _anchorPrefix = "anchor";

    public string AnchorId(int anchor) => $"{_anchorPrefix}-{anchor:D5}";
    private string StreamId(int anchor) => $"1400_{AnchorId(anchor)}";
    private string LogStream(int anchor) => LiveStreamIds.For(Provider, StreamId(anchor));

    /// <param name="anchorPrefix">Another prefix gives other anchors, so several logs can share one database.</param>
    public static RealisticLog Generate(int targetEvents, int seed, string anchorPrefix = "anchor")
    {
        var log = new RealisticLog { _anchorPrefix = anchorPrefix };
        var lastOfAnchor = new Dictionary<int, Broadcast>();
        var random = new Random(seed);
        log.Anchors = Math.Max(10, targetEvents / 200);
        var perAnchorCursor = new DateTimeOffset[log.Anchors];
        for (var a = 0; a < log.Anchors; a++) perAnchorCursor[a] = Month.AddMinutes(random.Next(0, 60 * 24));
        var events = 0;
        while (events < targetEvents)
        {
            var anchor = random.Next(log.Anchors);
            var start = perAnchorCursor[anchor].AddMinutes(random.Next(60, 60 * 30));
            var minutes = random.NextDouble() < 0.1 ? random.NextDouble() * 1.5 : random.Next(10, 180);
            var end = start.AddMinutes(minutes);
            perAnchorCursor[anchor] = end;
            DateTimeOffset? interruption = minutes > 30 && random.NextDouble() < 0.2 ? start.AddMinutes(minutes / 2) : null;
            var id = new Guid(RandomBytes(random));
            Guid? mergeInto = null;
            var previous = lastOfAnchor.GetValueOrDefault(anchor);
            if (previous is not null && previous.MergeInto is null && random.NextDouble() < 0.01) mergeInto = previous.Id;
            var program = new Broadcast(anchor, id, start, end, interruption, mergeInto);
            events += log.Schedule(program, log.Programs.Count);
            log.Programs.Add(program);
            lastOfAnchor[anchor] = program;
        }
        log._schedule.Sort();
        return log;
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return bytes;
    }

    // Kinds: 0 started, 1 screenshot, 2 file (mp4), 3 file (hls), 4 ended, 5 merged.
    private int Schedule(Broadcast p, int index)
    {
        var before = _schedule.Count;
        _schedule.Add((p.Start.UtcTicks, index, 0, 0));
        for (var (t, i) = (p.Start.AddMinutes(1), 0); t < p.End; t = t.AddMinutes(10), i++) _schedule.Add((t.UtcTicks, index, 1, i));
        var pieces = Pieces(p);
        var file = 0;
        foreach (var (from, to) in pieces)
        {
            for (var cut = from; cut < to; cut = cut.AddMinutes(30)) _schedule.Add(((cut.AddMinutes(30) < to ? cut.AddMinutes(30) : to).UtcTicks, index, 2, file++));
            _schedule.Add((to.UtcTicks + 1, index, 3, file++));
        }
        _schedule.Add((p.End.UtcTicks + 2, index, 4, 0));
        if (p.MergeInto is not null) _schedule.Add((p.End.UtcTicks + 3, index, 5, 0));
        // A file is two events: created, then placed.
        return _schedule.Count - before + _schedule.Skip(before).Count(x => x.Kind is 2 or 3);
    }

    private static List<(DateTimeOffset From, DateTimeOffset To)> Pieces(Broadcast p) =>
        p.Interruption is { } cut ? [(p.Start, cut), (cut.AddMinutes(2), p.End)] : [(p.Start, p.End)];

    /// <summary>Every event in log order: recordings interleaved by time, then curation.</summary>
    public IEnumerable<(string StreamId, object Data, DateTimeOffset At)> Events()
    {
        foreach (var (ticks, index, kind, i) in _schedule)
        {
            var p = Programs[index];
            var at = new DateTimeOffset(ticks, TimeSpan.Zero);
            var stream = LogStream(p.Anchor);
            var (anchorId, streamId) = (AnchorId(p.Anchor), StreamId(p.Anchor));
            switch (kind)
            {
                case 0:
                    yield return (stream, new StreamStarted(streamId, anchorId, Provider, p.Start, $"seq-{index}", "txSecret=x", "10.0.0.1", null, null), at);
                    break;
                case 1:
                    yield return (stream, new ScreenshotTaken(streamId, anchorId, Provider, $"https://img.example/{index}/{i}.jpg", null, 720, 1280, at), at);
                    break;
                case 2 or 3:
                    foreach (var e in File(p, index, kind == 2 ? "mp4" : "hls", i)) yield return (stream, e, at);
                    break;
                case 4:
                    yield return (stream, new StreamEnded(streamId, anchorId, Provider, p.End, $"seq-{index}", (long)(p.End - p.Start).TotalMilliseconds, 1, "normal"), at);
                    break;
                case 5:
                    yield return (stream, new ProgramsMerged(streamId, anchorId, p.MergeInto!.Value, p.Id, at), at);
                    break;
            }
        }
        foreach (var e in Curation()) yield return e;
    }

    private IEnumerable<object> File(Broadcast p, int index, string format, int i)
    {
        // Rebuild the file's span from its ordinal: the same arithmetic as Schedule.
        var n = 0;
        foreach (var (from, to) in Pieces(p))
        {
            if (format == "mp4")
            {
                for (var cut = from; cut < to; cut = cut.AddMinutes(30), n++)
                    if (n == i) return Recorded(p, index, format, i, cut, cut.AddMinutes(30) < to ? cut.AddMinutes(30) : to);
                n++;
            }
            else
            {
                for (var cut = from; cut < to; cut = cut.AddMinutes(30)) n++;
                if (n == i) return Recorded(p, index, format, i, from, to);
                n++;
            }
        }
        throw new InvalidOperationException("no such file");
    }

    private object[] Recorded(Broadcast p, int index, string format, int i, DateTimeOffset from, DateTimeOffset to)
    {
        var fileId = $"5285890{index:D9}{i:D2}{(format == "mp4" ? 1 : 2)}";
        var inconsistent = (index + i) % 37 == 0;
        var created = new RecordingFileCreated(StreamId(p.Anchor), AnchorId(p.Anchor), Provider, fileId, format,
            $"https://vod.example/{AnchorId(p.Anchor)}/{fileId}.{(format == "hls" ? "m3u8" : format)}", (long)(to - from).TotalSeconds * 250_000,
            from, to, (to - from).TotalSeconds, inconsistent, inconsistent ? "end_time - start_time differs from duration" : null,
            new RecordingDetails("1250000000", "live.example", "live", "txSecret=x", "1", "task-" + index, null, null, null, null));
        var segmented = new StreamSegmented(StreamId(p.Anchor), AnchorId(p.Anchor), p.Id, format, fileId, i, from, to,
            i == 0 ? SegmentReason.ProgramStarted : SegmentReason.IntervalCut);
        return [created, segmented];
    }

    private IEnumerable<(string, object, DateTimeOffset)> Curation()
    {
        var random = new Random(3);
        var at = Month.AddDays(31);
        for (var f = 0; f < 20; f++)
        {
            var feedId = $"feed-{f:D2}";
            yield return (FeedEventTypes.StreamId(feedId), new FeedCreated(feedId, $"Feed {f}", "editor-0", at), at);
            FeedEvents++;
            for (var k = 0; k < 25; k++)
            {
                at = at.AddMinutes(1);
                var program = Programs[random.Next(Programs.Count)].Id;
                yield return (FeedEventTypes.StreamId(feedId), new ProgramFeatured(feedId, program, random.Next(1, k + 2), $"pick {k}", $"editor-{k % 3}", at), at);
                FeedEvents++;
            }
        }
    }

    /// <summary>A brand-new program of an existing anchor, after everything in the log, for freshness.</summary>
    public (string StreamId, object[] Events, Guid ProgramId) NewProgram(Random random, int n)
    {
        var anchor = random.Next(Anchors);
        var id = new Guid(RandomBytes(random));
        var start = Month.AddDays(40).AddMinutes(n * 5);
        var broadcast = new Broadcast(anchor, id, start, start.AddMinutes(30), null, null);
        return (LogStream(anchor), Recorded(broadcast, 1_000_000 + n, "mp4", 0, start, start.AddMinutes(30)), id);
    }
}
