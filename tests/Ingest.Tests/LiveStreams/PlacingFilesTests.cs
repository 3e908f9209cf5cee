using Contracts.Recordings;
using Ingest.LiveStreams.Deciding;
using static Ingest.Tests.LiveStreams.Given;

namespace Ingest.Tests.LiveStreams;

public class PlacingFilesTests
{
    [Fact]
    public void GivenNoProgram_WhenAFileArrives_ThenItStartsAProgramNamedForItsStart()
    {
        var (state, events) = Fold([File("a", "mp4", 0, 30)]);

        var segmented = Assert.Single(events.OfType<StreamSegmented>());
        Assert.Equal(SegmentReason.ProgramStarted, segmented.Reason);
        Assert.Equal(ProgramStartingAt(0), segmented.ProgramId);
        Assert.Equal(0, segmented.Index);
        Assert.Single(state.Programs);
    }

    [Fact]
    public void GivenAProgram_WhenTheNextFileStartsWhereItEnded_ThenItIsAnIntervalCut()
    {
        var (_, events) = Fold([File("a", "mp4", 0, 30), File("b", "mp4", 30, 60)]);

        var second = events.OfType<StreamSegmented>().Last();
        Assert.Equal((SegmentReason.IntervalCut, 1, ProgramStartingAt(0)), (second.Reason, second.Index, second.ProgramId));
    }

    [Fact]
    public void GivenAProgram_WhenThePushResumesWithinTheGap_ThenTheProgramContinues()
    {
        var (state, events) = Fold([File("a", "hls", 0, 30), File("b", "hls", 33, 60)]);

        var second = events.OfType<StreamSegmented>().Last();
        Assert.Equal((SegmentReason.PushInterrupted, ProgramStartingAt(0)), (second.Reason, second.ProgramId));
        Assert.Single(state.Programs);
    }

    [Fact]
    public void GivenAProgram_WhenAFileStartsBeyondTheGap_ThenItStartsAnotherProgram()
    {
        var (state, _) = Fold([File("a", "mp4", 0, 30), File("b", "mp4", 35, 60)]);

        Assert.Equal(new HashSet<Guid> { ProgramStartingAt(0), ProgramStartingAt(35) }, state.Programs.Keys.ToHashSet());
    }

    [Fact]
    public void GivenTwoPrograms_WhenALateFileBridgesThem_ThenTheLaterMergesIntoTheEarlier()
    {
        var (before, _) = Fold([File("a", "mp4", 0, 30), File("c", "mp4", 36, 60)]);
        Assert.Equal(2, before.Programs.Count);

        var (after, events) = Fold([File("b", "mp4", 31, 35)], before);

        var segmented = events.OfType<StreamSegmented>().Single();
        Assert.Equal((SegmentReason.ArrivedLate, 1, ProgramStartingAt(0)), (segmented.Reason, segmented.Index, segmented.ProgramId));
        var merged = Assert.Single(events.OfType<ProgramsMerged>());
        Assert.Equal((ProgramStartingAt(0), ProgramStartingAt(36)), (merged.SurvivorId, merged.MergedId));
        var program = Assert.Single(after.Programs.Values);
        Assert.Equal(["a", "b", "c"], program.Rendition("mp4").Select(f => f.FileId));
    }

    [Fact]
    public void GivenAProgram_WhenAnEarlierFileArrivesLate_ThenTheProgramTakesTheEarlierIdAndTheOldOneMergesIntoIt()
    {
        var (before, _) = Fold([File("b", "mp4", 30, 60)]);

        var (after, events) = Fold([File("a", "mp4", 0, 30)], before);

        var segmented = events.OfType<StreamSegmented>().Single();
        Assert.Equal((SegmentReason.ArrivedLate, 0, ProgramStartingAt(0)), (segmented.Reason, segmented.Index, segmented.ProgramId));
        var merged = Assert.Single(events.OfType<ProgramsMerged>());
        Assert.Equal((ProgramStartingAt(0), ProgramStartingAt(30)), (merged.SurvivorId, merged.MergedId));
        Assert.Equal(ProgramStartingAt(0), Assert.Single(after.Programs.Keys));
    }

    [Fact]
    public void GivenParallelFormats_WhenTheirFilesArrive_ThenEachIsARenditionWithItsOwnCuts()
    {
        var (state, _) = Fold([File("m1", "mp4", 0, 30), File("h1", "hls", 0, 40), File("m2", "mp4", 30, 40), File("h2", "hls", 42, 50), File("m3", "mp4", 42, 50)]);

        var program = Assert.Single(state.Programs.Values);
        Assert.Equal(["m1", "m2", "m3"], program.Rendition("mp4").Select(f => f.FileId));
        Assert.Equal(["h1", "h2"], program.Rendition("hls").Select(f => f.FileId));
    }

    [Fact]
    public void GivenAFileAlreadyPlaced_WhenItsCallbackRepeats_ThenNothingIsDecided()
    {
        var (state, _) = Fold([File("a", "mp4", 0, 30)]);

        Assert.Empty(DecideCallback.Decide(state, File("a", "mp4", 0, 30), Rules));
    }
}
