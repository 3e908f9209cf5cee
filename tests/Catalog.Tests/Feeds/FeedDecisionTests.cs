using Catalog.Feeds;
using Catalog.Feeds.Curating;
using ServiceDefaults.Problems;

namespace Catalog.Tests.Feeds;

public sealed class FeedDecisionTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid A = Guid.Parse("0195a000-0000-7000-8000-00000000000a");
    private static readonly Guid B = Guid.Parse("0195a000-0000-7000-8000-00000000000b");
    private static readonly Guid C = Guid.Parse("0195a000-0000-7000-8000-00000000000c");

    private static FeedState? Given(params object[] events)
    {
        FeedState? state = null;
        for (var i = 0; i < events.Length; i++) state = FeedState.Evolve(state, events[i], i + 1);
        return state;
    }

    private static FeedState ThreeItems() => Given(
        new FeedCreated("f", "Best of", "editor-0", Now),
        new ProgramFeatured("f", A, 1, null, "editor-0", Now),
        new ProgramFeatured("f", B, 2, null, "editor-0", Now),
        new ProgramFeatured("f", C, 3, "late night", "editor-1", Now))!;

    [Fact]
    public void GivenNoFeed_WhenPut_ThenItIsCreated_AndPuttingTheSameTitleAgainDecidesNothing()
    {
        var created = Assert.IsType<FeedCreated>(Assert.Single(FeedDecisions.Put(null, "f", " Best of ", "editor-0", Now)));
        Assert.Equal("Best of", created.Title);
        Assert.Empty(FeedDecisions.Put(Given(created), "f", "Best of", "editor-0", Now));
        Assert.IsType<FeedRetitled>(Assert.Single(FeedDecisions.Put(Given(created), "f", "Better of", "editor-0", Now)));
    }

    [Fact]
    public void GivenAFeaturedProgram_WhenFeaturedAtAnotherPosition_ThenItMoves()
    {
        var moved = Assert.IsType<ProgramMoved>(Assert.Single(FeedDecisions.Feature(ThreeItems(), "f", C, 1, null, "editor-0", Now)));
        var after = FeedState.Evolve(ThreeItems(), moved, 5)!;

        Assert.Equal([C, A, B], after.Items.Select(i => i.ProgramId));
        Assert.Equal("late night", after.Items[0].Note);
    }

    [Fact]
    public void GivenAFeaturedProgram_WhenItsNoteChanges_ThenItIsFeaturedAgainWithTheNote()
    {
        var again = Assert.IsType<ProgramFeatured>(Assert.Single(FeedDecisions.Feature(ThreeItems(), "f", A, null, "must watch", "editor-1", Now)));
        Assert.Equal(1, again.Position);
        Assert.Empty(FeedDecisions.Feature(ThreeItems(), "f", A, null, null, "editor-1", Now));
    }

    [Fact]
    public void FeaturingOrUnfeaturingInAFeedThatDoesNotExistIsNotFound()
    {
        var feature = FeedDecisions.Feature(null, "f", A, null, null, "editor-0", Now);
        var unfeature = FeedDecisions.Unfeature(null, "f", A, "editor-0", Now);

        Assert.Equal(RejectionKind.NotFound, feature.Refused?.Kind);
        Assert.Equal(RejectionKind.NotFound, unfeature.Refused?.Kind);
        Assert.Empty(feature);
    }

    [Fact]
    public void PositionsBeyondTheEndPlaceTheProgramLast()
    {
        var featured = Assert.IsType<ProgramFeatured>(Assert.Single(FeedDecisions.Feature(Given(new FeedCreated("f", "x", "e", Now)), "f", A, 9, null, "e", Now)));
        Assert.Equal(1, featured.Position);
        Assert.Equal(RejectionKind.Invalid, FeedDecisions.Feature(ThreeItems(), "f", A, 0, null, "e", Now).Refused?.Kind);
    }

    [Fact]
    public void AMergedProgramFollowsItsSurvivor_OnceWhenTheSurvivorIsAlreadyFeatured()
    {
        var followed = ThreeItems().FollowMerge(B, Guid.Parse("0195a000-0000-7000-8000-0000000000ff"));
        var deduplicated = ThreeItems().FollowMerge(B, C);

        Assert.Equal([A, Guid.Parse("0195a000-0000-7000-8000-0000000000ff"), C], followed.Items.Select(i => i.ProgramId));
        Assert.Equal([A, C], deduplicated.Items.Select(i => i.ProgramId));
    }
}
