using System.Text.Json;
using Catalog.Feeds.Curating;
using EventLog;

namespace Catalog.Feeds.Getting;

public sealed record FeedHistory(string FeedId, long Version, IReadOnlyList<FeedChange> Changes);

/// <summary>One curation event: what changed, by whom, when.</summary>
public sealed record FeedChange(long Version, string Type, string Editor, DateTimeOffset At, string? Title, Guid? ProgramId, int? Position, string? Note);

/// <summary>The curation trail, read straight from the feed's stream in the log.</summary>
public sealed class GetFeedHistory(EventStore store)
{
    public async Task<FeedHistory?> QueryAsync(string feedId, CancellationToken ct)
    {
        CurateFeed.ValidateId(feedId);
        var events = await store.ReadStreamAsync(FeedEventTypes.StreamId(feedId), ct: ct);
        if (events.Count == 0) return null;
        var changes = events.Select(e => e.Data switch
        {
            FeedCreated x => new FeedChange(e.StreamVersion, e.EventType, x.Editor, x.At, x.Title, null, null, null),
            FeedRetitled x => new FeedChange(e.StreamVersion, e.EventType, x.Editor, x.At, x.Title, null, null, null),
            ProgramFeatured x => new FeedChange(e.StreamVersion, e.EventType, x.Editor, x.At, null, x.ProgramId, x.Position, x.Note),
            ProgramMoved x => new FeedChange(e.StreamVersion, e.EventType, x.Editor, x.At, null, x.ProgramId, x.Position, null),
            ProgramUnfeatured x => new FeedChange(e.StreamVersion, e.EventType, x.Editor, x.At, null, x.ProgramId, null, null),
            _ => new FeedChange(e.StreamVersion, e.EventType, "", e.RecordedAt, null, null, null, null),
        }).ToArray();
        return new FeedHistory(feedId, events[^1].StreamVersion, changes);
    }

    public static async Task<IResult> HandleAsync(string feedId, GetFeedHistory query, HttpContext context, CancellationToken ct)
    {
        var history = await query.QueryAsync(feedId, ct) ?? throw new NotFoundException($"There is no feed '{feedId}'.");
        return JsonAnswers.Ok(context, JsonSerializer.Serialize(history, CatalogJson.Default.FeedHistory));
    }
}
