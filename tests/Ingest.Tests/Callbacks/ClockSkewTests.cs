using System.Net;

namespace Ingest.Tests.Callbacks;

/// <summary>The notification's expiry may be passed by up to <c>Tencent:ClockSkew</c>.</summary>
public sealed class ClockSkewTests(ClockSkewTests.SkewHost fixture) : IngestTest(fixture), IClassFixture<ClockSkewTests.SkewHost>
{
    public sealed class SkewHost() : IngestHostFixture(new() { ["Tencent:ClockSkew"] = "00:01:00" });

    [Fact]
    public async Task ANotificationWithinTheClockSkewOfItsExpiryIsStillAcceptedAndOneBeyondItIsNot()
    {
        var expired = DateTimeOffset.UtcNow.AddSeconds(-45).ToUnixTimeSeconds();
        var tooLate = DateTimeOffset.UtcNow.AddSeconds(-90).ToUnixTimeSeconds();

        var within = await Host.PostAsync(IngestHost.Signed(TencentPayloads.Recording("1_sig", "f-skew", "mp4", 1_700_000_000, 1_700_000_600), t: expired));
        var beyond = await Host.PostAsync(IngestHost.Signed(TencentPayloads.Recording("1_sig", "f-late", "mp4", 1_700_000_600, 1_700_001_200), t: tooLate));

        Assert.Equal(HttpStatusCode.OK, within.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, beyond.StatusCode);
    }
}
