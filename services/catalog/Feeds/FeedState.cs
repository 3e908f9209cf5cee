namespace Catalog.Feeds;

public sealed record FeedItem(Guid ProgramId, string? Note, string FeaturedBy, DateTimeOffset FeaturedAt);

/// <summary>A feed folded from its stream. <see cref="Version"/> is its stream's version: the ETag editors send back.</summary>
public sealed record FeedState(
    string Id,
    string Title,
    long Version,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<FeedItem> Items)
{
    public int PositionOf(Guid programId) => Items.Select((item, i) => (item, i)).FirstOrDefault(x => x.item.ProgramId == programId, (null!, -1)).Item2 + 1;

    /// <summary>Pure: the next state after a curation event at a stream version.</summary>
    public static FeedState? Evolve(FeedState? state, object @event, long version) => (state, @event) switch
    {
        (null, FeedCreated e) => new FeedState(e.FeedId, e.Title, version, e.Editor, e.At, e.At, []),
        (not null, FeedRetitled e) => state with { Title = e.Title, Version = version, UpdatedAt = e.At },
        (not null, ProgramFeatured e) => state.Place(new FeedItem(e.ProgramId, e.Note, e.Editor, e.At), e.Position) with { Version = version, UpdatedAt = e.At },
        (not null, ProgramMoved e) when state.PositionOf(e.ProgramId) > 0 =>
            state.Place(state.Items[state.PositionOf(e.ProgramId) - 1], e.Position) with { Version = version, UpdatedAt = e.At },
        (not null, ProgramUnfeatured e) => state with
        {
            Items = state.Items.Where(i => i.ProgramId != e.ProgramId).ToArray(), Version = version, UpdatedAt = e.At,
        },
        (not null, _) => state with { Version = version },
        _ => state,
    };

    /// <summary>A merged program follows its survivor: its item takes the survivor's id, unless the survivor is already in the feed.</summary>
    public FeedState FollowMerge(Guid mergedId, Guid survivorId)
    {
        if (PositionOf(mergedId) == 0) return this;
        var items = PositionOf(survivorId) > 0
            ? Items.Where(i => i.ProgramId != mergedId)
            : Items.Select(i => i.ProgramId == mergedId ? i with { ProgramId = survivorId } : i);
        return this with { Items = items.ToArray() };
    }

    private FeedState Place(FeedItem item, int position)
    {
        var items = Items.Where(i => i.ProgramId != item.ProgramId).ToList();
        items.Insert(Math.Clamp(position, 1, items.Count + 1) - 1, item);
        return this with { Items = items };
    }
}
