using System.Runtime.CompilerServices;
using Ingest.LiveStreams;
using Ingest.Tencent;
using Microsoft.Extensions.Logging;

namespace Ingest.Reconciling.Tencent;

/// <summary>
/// Lists Tencent's live recordings through VOD SearchMedia. The API never returns past Offset + Limit = 5,000, so a
/// window whose <c>TotalCount</c> is larger is split in two (in time) until each part fits, and scanned oldest first.
/// </summary>
public sealed partial class TencentRecordingLister(
    SearchMediaClient client,
    MediaInfoCallbacks callbacks,
    ReconcileOptions options,
    TimeProvider clock,
    ILogger<TencentRecordingLister> logger) : IRecordingLister
{
    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);

    public string Provider => TencentCallbackParser.Provider;

    public async IAsyncEnumerable<ListedPage> ListAsync(DateTimeOffset from, DateTimeOffset to, [EnumeratorCancellation] CancellationToken ct)
    {
        var limit = Math.Clamp(options.PageSize, 1, SearchMediaClient.MaxResults);
        var windows = new Stack<(DateTimeOffset After, DateTimeOffset Before)>();
        windows.Push((from, to));
        while (windows.TryPop(out var window))
        {
            var (after, before) = window;
            var page = await client.SearchAsync(after, before, 0, limit, ct);
            if (page.TotalCount > SearchMediaClient.MaxResults && before > after)
            {
                // Both ends are inclusive: halves may share their middle second, never leave one out.
                var half = TimeSpan.FromSeconds(Math.Floor((before - after).TotalSeconds / 2));
                var (first, second) = half >= OneSecond ? ((after, after + half), (after + half, before)) : ((after, after), (before, before));
                windows.Push(second);
                windows.Push(first);
                yield return new ListedPage([], [], page.Throttled);
                continue;
            }
            var unreadable = new List<string>();
            if (page.TotalCount > SearchMediaClient.MaxResults)
            {
                LogTruncated(logger, page.TotalCount, after);
                unreadable.Add($"{page.TotalCount - SearchMediaClient.MaxResults} files created at {after:O} are beyond SearchMedia's 5,000-result limit");
            }
            var total = Math.Min(page.TotalCount, SearchMediaClient.MaxResults);
            var offset = 0;
            while (true)
            {
                yield return ToPage(page, unreadable);
                unreadable = [];
                offset += page.MediaInfoSet.Count;
                if (page.MediaInfoSet.Count == 0 || offset >= total) break;
                page = await client.SearchAsync(after, before, offset, (int)Math.Min(limit, total - offset), ct);
            }
        }
    }

    private ListedPage ToPage(SearchMediaPage page, List<string> unreadable)
    {
        var now = clock.GetUtcNow();
        var recordings = new List<LiveStreamCallback>(page.MediaInfoSet.Count);
        foreach (var mediaInfo in page.MediaInfoSet)
        {
            var (callback, why) = callbacks.ToCallback(mediaInfo, now);
            if (callback is not null) recordings.Add(callback);
            else unreadable.Add(why!);
        }
        return new ListedPage(recordings, unreadable, page.Throttled);
    }

    [LoggerMessage(LogLevel.Error, "SearchMedia holds {Count} recordings created in the second {At}; only 5,000 can be listed")]
    private static partial void LogTruncated(ILogger logger, long count, DateTimeOffset at);
}
