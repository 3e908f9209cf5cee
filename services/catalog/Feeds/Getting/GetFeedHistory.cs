using System.Text.Json;
using Catalog.Feeds.Curating;
using Catalog.Hosting;
using EventLog;
using Microsoft.AspNetCore.Http.HttpResults;

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
}

/// <summary><c>GET /v1/feeds/{feedId}/history</c>: read from the log, with the ETag of its bytes.</summary>
public static class GetFeedHistoryEndpoint
{
    public static RouteGroupBuilder MapGetFeedHistory(this RouteGroupBuilder v1)
    {
        v1.MapGet("/feeds/{feedId}/history", HandleAsync).WithName("GetFeedHistory");
        return v1;
    }

    public static async Task<Results<StoredJson<FeedHistory>, BadRequestProblem, NotFoundProblem>> HandleAsync(string feedId, GetFeedHistory query,
        CancellationToken ct)
    {
        if (CurateFeed.CheckId(feedId) is { } refused) return new BadRequestProblem(refused);
        return await query.QueryAsync(feedId, ct) is { } history
            ? new StoredJson<FeedHistory>(JsonSerializer.Serialize(history, CatalogJson.Default.FeedHistory))
            : Problems.NotFound($"There is no feed '{feedId}'.");
    }
}
