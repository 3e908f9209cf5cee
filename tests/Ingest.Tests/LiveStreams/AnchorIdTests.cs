using Ingest.LiveStreams;

namespace Ingest.Tests.LiveStreams;

public class AnchorIdTests
{
    [Theory]
    [InlineData("suffix-after-underscore", "8888_user_42", "user_42")]
    [InlineData("suffix-after-underscore", "plainstream", "plainstream")]
    [InlineData("stream-id", "8888_user_42", "8888_user_42")]
    [InlineData("regex:^room-(?<anchor>[a-z]+)-\\d+$", "room-alice-7", "alice")]
    [InlineData("regex:^room-(?<anchor>[a-z]+)-\\d+$", "other", "other")]
    public void TheAnchorComesFromTheStreamIdByTheConfiguredStrategy(string strategy, string streamId, string anchor) =>
        Assert.Equal(anchor, new AnchorIds(new AnchorIdOptions { Strategy = strategy }).For(streamId));

    [Fact]
    public void AnUnknownStrategyOrARegexWithoutAnAnchorGroupIsRefusedAtStartUp()
    {
        Assert.Throws<InvalidOperationException>(() => new AnchorIds(new AnchorIdOptions { Strategy = "guess" }));
        Assert.Throws<InvalidOperationException>(() => new AnchorIds(new AnchorIdOptions { Strategy = "regex:^(.*)$" }));
    }
}
