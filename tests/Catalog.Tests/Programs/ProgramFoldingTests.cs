using Catalog.Programs;

namespace Catalog.Tests.Programs;

public sealed class ProgramFoldingTests
{
    private static readonly Recordings Anchor = new("anchor-fold");
    private static readonly DateTimeOffset T0 = Recordings.T0;
    private static readonly Guid Program = Guid.Parse("0195a000-0000-7000-8000-000000000001");

    private static ProgramState Fold(params (string Id, string Format, int FromMin, int ToMin, bool Inconsistent)[] files)
    {
        ProgramState? state = null;
        foreach (var f in files)
        {
            var file = Anchor.File(f.Id, f.Format, T0.AddMinutes(f.FromMin), T0.AddMinutes(f.ToMin), f.Inconsistent);
            state = ProgramState.Apply(state, Anchor.Segment(Program, file), Anchor.LogStream, FileDetails.From(file));
        }
        return state!;
    }

    [Fact]
    public void GivenALateFile_ThenItIsInsertedInTimeOrderAndLaterIndicesShift()
    {
        var view = ProgramViews.From(Fold(("b", "mp4", 30, 60, false), ("c", "mp4", 60, 90, false), ("a", "mp4", 0, 30, false)), 60);

        var files = Assert.Single(view.Renditions).Files;
        Assert.Equal(["a", "b", "c"], files.Select(f => f.FileId));
        Assert.Equal([0, 1, 2], files.Select(f => f.Index));
        Assert.Equal(T0, view.StartedAt);
        Assert.Equal(T0.AddMinutes(90), view.EndedAt);
        Assert.Equal(5400, view.DurationSeconds);
    }

    [Fact]
    public void GivenTwoFormats_ThenEachHasItsOwnRenditionAndItsOwnCutPoints()
    {
        var view = ProgramViews.From(Fold(("h1", "hls", 0, 45, false), ("m1", "mp4", 0, 30, false), ("m2", "mp4", 30, 45, false)), 60);

        Assert.Equal(["hls", "mp4"], view.Renditions.Select(r => r.Format));
        Assert.Equal(["h1"], view.Renditions[0].Files.Select(f => f.FileId));
        Assert.Equal(["m1", "m2"], view.Renditions[1].Files.Select(f => f.FileId));
        Assert.All(view.Renditions, r => Assert.Equal(2700, r.DurationSeconds));
        Assert.Empty(view.Gaps);
    }

    [Fact]
    public void GivenAHoleBetweenFiles_ThenThatHoleIsAGapOfTheProgram()
    {
        var view = ProgramViews.From(Fold(("a", "flv", 0, 10, false), ("b", "flv", 15, 20, false), ("c", "flv", 18, 25, false)), 60);

        var gap = Assert.Single(view.Gaps);
        Assert.Equal(T0.AddMinutes(10), gap.StartedAt);
        Assert.Equal(T0.AddMinutes(15), gap.EndedAt);
        Assert.Equal(20 * 60, view.Renditions[0].DurationSeconds);
    }

    [Fact]
    public void ShortProgramsAndInconsistentTimesAreFlaggedNotDropped()
    {
        var shortOne = ProgramViews.From(Fold(("a", "mp4", 0, 0, true)) with { }, 60);
        var longOne = ProgramViews.From(Fold(("a", "mp4", 0, 2, false)), 60);

        Assert.Equal(new ProgramFlags(Short: true, InconsistentTimes: true, Merged: false), shortOne.Flags);
        Assert.Equal(new ProgramFlags(Short: false, InconsistentTimes: false, Merged: false), longOne.Flags);
    }

    [Fact]
    public void AFileSeenAgainReplacesItsEarlierPlacement()
    {
        var state = Fold(("a", "mp4", 0, 10, false), ("a", "mp4", 0, 12, false));

        Assert.Equal(T0.AddMinutes(12), Assert.Single(state.Files).EndedAt);
    }

    [Fact]
    public void GivenAMerge_ThenTheSurvivorTakesTheFilesAndTheMergedOnePointsToIt()
    {
        var survivorId = Guid.Parse("0195a000-0000-7000-8000-000000000002");
        var survivor = Fold(("a", "mp4", 0, 30, false)) with { Id = survivorId };
        var merged = Fold(("b", "mp4", 40, 60, false));

        var (s, m) = ProgramState.Apply(survivor, merged, Anchor.Merged(survivorId, Program, T0.AddHours(1)), Anchor.LogStream);
        var view = ProgramViews.From(s, 60);

        Assert.Equal(["a", "b"], view.Renditions[0].Files.Select(f => f.FileId));
        Assert.True(view.Flags.Merged);
        Assert.Equal([Program], view.MergedFrom);
        Assert.Equal(survivorId, m.MergedInto);
        Assert.Empty(m.Files);
    }
}
