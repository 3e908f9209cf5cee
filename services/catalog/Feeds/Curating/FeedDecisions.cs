namespace Catalog.Feeds.Curating;

/// <summary>Pure curation decisions: (state, command, editor, now) → events. Nothing happens twice: a no-op decides nothing.</summary>
public static class FeedDecisions
{
    public const int MaxTitleLength = 200;
    public const int MaxNoteLength = 2000;

    public static object[] Put(FeedState? state, string feedId, string title, string editor, DateTimeOffset now)
    {
        title = title.Trim();
        if (title.Length is 0 or > MaxTitleLength) throw new ValidationException($"A title has 1 to {MaxTitleLength} characters.");
        if (state is null) return [new FeedCreated(feedId, title, editor, now)];
        return state.Title == title ? [] : [new FeedRetitled(feedId, title, editor, now)];
    }

    public static object[] Feature(FeedState? state, string feedId, Guid programId, int? position, string? note, string editor, DateTimeOffset now)
    {
        if (state is null) throw new NotFoundException($"There is no feed '{feedId}'.");
        if (position is < 1) throw new ValidationException("Positions start at 1.");
        if (note is { Length: > MaxNoteLength }) throw new ValidationException($"A note has at most {MaxNoteLength} characters.");
        var current = state.PositionOf(programId);
        if (current == 0)
            return [new ProgramFeatured(feedId, programId, Math.Min(position ?? int.MaxValue, state.Items.Count + 1), note, editor, now)];
        var target = Math.Min(position ?? current, state.Items.Count);
        if (note is not null && note != state.Items[current - 1].Note)
            return [new ProgramFeatured(feedId, programId, target, note, editor, now)];
        return target == current ? [] : [new ProgramMoved(feedId, programId, target, editor, now)];
    }

    public static object[] Unfeature(FeedState? state, string feedId, Guid programId, string editor, DateTimeOffset now)
    {
        if (state is null) throw new NotFoundException($"There is no feed '{feedId}'.");
        return state.PositionOf(programId) == 0 ? [] : [new ProgramUnfeatured(feedId, programId, editor, now)];
    }
}
