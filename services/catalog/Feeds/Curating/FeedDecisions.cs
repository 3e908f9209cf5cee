namespace Catalog.Feeds.Curating;

/// <summary>Pure curation decisions: (state, command, editor, now) → events or a refusal. Nothing happens twice: a no-op decides nothing.</summary>
public static class FeedDecisions
{
    public const int MaxTitleLength = 200;
    public const int MaxNoteLength = 2000;

    public static Decision Put(FeedState? state, string feedId, string title, string editor, DateTimeOffset now)
    {
        title = title.Trim();
        if (title.Length is 0 or > MaxTitleLength) return Rejection.Invalid($"A title has 1 to {MaxTitleLength} characters.");
        if (state is null) return Decision.Append(new FeedCreated(feedId, title, editor, now));
        return state.Title == title ? Decision.Nothing : Decision.Append(new FeedRetitled(feedId, title, editor, now));
    }

    public static Decision Feature(FeedState? state, string feedId, Guid programId, int? position, string? note, string editor, DateTimeOffset now)
    {
        if (state is null) return NoFeed(feedId);
        if (position is < 1) return Rejection.Invalid("Positions start at 1.");
        if (note is { Length: > MaxNoteLength }) return Rejection.Invalid($"A note has at most {MaxNoteLength} characters.");
        var current = state.PositionOf(programId);
        if (current == 0)
            return Decision.Append(new ProgramFeatured(feedId, programId, Math.Min(position ?? int.MaxValue, state.Items.Count + 1), note, editor, now));
        var target = Math.Min(position ?? current, state.Items.Count);
        if (note is not null && note != state.Items[current - 1].Note)
            return Decision.Append(new ProgramFeatured(feedId, programId, target, note, editor, now));
        return target == current ? Decision.Nothing : Decision.Append(new ProgramMoved(feedId, programId, target, editor, now));
    }

    public static Decision Unfeature(FeedState? state, string feedId, Guid programId, string editor, DateTimeOffset now)
    {
        if (state is null) return NoFeed(feedId);
        return state.PositionOf(programId) == 0 ? Decision.Nothing : Decision.Append(new ProgramUnfeatured(feedId, programId, editor, now));
    }

    private static Rejection NoFeed(string feedId) => Rejection.NotFound($"There is no feed '{feedId}'.");
}
