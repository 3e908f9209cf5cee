using Catalog.Programs;
using Catalog.Programs.Moderating;
using ServiceDefaults.Problems;

namespace Catalog.Tests.Programs.Moderating;

public sealed class ModerationDecisionTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid Program = Guid.Parse("0195a000-0000-7000-8000-00000000000a");

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    public void GivenAVisibleProgram_WhenHiddenWithoutAReason_ThenItIsRefusedAsInvalidAndNothingIsDecided(string? reason)
    {
        var decision = ModerationDecisions.Hide(null, Program, reason, "editor-0", Now);

        Assert.Equal(RejectionKind.Invalid, decision.Refused?.Kind);
        Assert.Empty(decision);
    }

    [Fact]
    public void GivenAVisibleProgram_WhenHiddenWithTooLongAReason_ThenTheRefusalSaysTheLimit()
    {
        var decision = ModerationDecisions.Hide(null, Program, new string('x', ModerationDecisions.MaxReasonLength + 1), "editor-0", Now);

        Assert.Equal($"A reason has 1 to {ModerationDecisions.MaxReasonLength} characters.", decision.Refused?.Detail);
    }

    [Fact]
    public void GivenAHiddenProgram_WhenHiddenForTheSameReason_ThenNothingIsDecided_AndForAnotherReasonItIsHiddenAgain()
    {
        var hiding = new ProgramHiding("spam", "editor-0", Now);

        Assert.Empty(ModerationDecisions.Hide(hiding, Program, " spam ", "editor-1", Now));
        var again = Assert.IsType<ProgramHidden>(Assert.Single(ModerationDecisions.Hide(hiding, Program, "copyright", "editor-1", Now)));
        Assert.Equal(("copyright", "editor-1"), (again.Reason, again.Editor));
    }

    [Fact]
    public void GivenAVisibleProgram_WhenRestored_ThenNothingIsDecided_AndGivenAHiddenOneItIsRestored()
    {
        Assert.Null(ModerationDecisions.Restore(null, Program, "editor-0", Now).Refused);
        Assert.Empty(ModerationDecisions.Restore(null, Program, "editor-0", Now));
        Assert.IsType<ProgramRestored>(Assert.Single(ModerationDecisions.Restore(new ProgramHiding("spam", "editor-0", Now), Program, "editor-0", Now)));
    }
}
