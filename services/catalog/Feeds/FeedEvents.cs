using EventLog;

namespace Catalog.Feeds;

// Curation facts: one log stream per feed (feed:{feedId}), each fact with its editor and the time it happened.

public sealed record FeedCreated(string FeedId, string Title, string Editor, DateTimeOffset At);

public sealed record FeedRetitled(string FeedId, string Title, string Editor, DateTimeOffset At);

/// <summary>A program put in the feed at a 1-based position with an editor's note; featuring it again updates both.</summary>
public sealed record ProgramFeatured(string FeedId, Guid ProgramId, int Position, string? Note, string Editor, DateTimeOffset At);

public sealed record ProgramUnfeatured(string FeedId, Guid ProgramId, string Editor, DateTimeOffset At);

public sealed record ProgramMoved(string FeedId, Guid ProgramId, int Position, string Editor, DateTimeOffset At);

public static class FeedEventTypes
{
    public const string StreamPrefix = "feed:";

    public static string StreamId(string feedId) => StreamPrefix + feedId;

    /// <summary>The stored names of the curation events, as <see cref="AddFeedEvents"/> registers them.</summary>
    public static readonly IReadOnlySet<string> Names = new EventTypeRegistry().AddFeedEvents().Names.ToHashSet();

    /// <summary>Registers every curation event under its stable stored name.</summary>
    public static EventTypeRegistry AddFeedEvents(this EventTypeRegistry types)
    {
        var json = CatalogJson.Default;
        return types
            .Register("feed-created", json.FeedCreated)
            .Register("feed-retitled", json.FeedRetitled)
            .Register("program-featured", json.ProgramFeatured)
            .Register("program-unfeatured", json.ProgramUnfeatured)
            .Register("program-moved", json.ProgramMoved);
    }
}
