using System.Net;
using Contracts.Recordings;
using Ingest.LiveStreams;
using static Ingest.Tests.LiveStreams.Given;

namespace Ingest.Tests.LiveStreams;

public class TwoReplicasTests
{
    [Fact]
    public async Task TwoReplicasWritingOneLiveStreamAtOnceStillAgreeOnItsPrograms()
    {
        // Hosts of its own: two replicas, each with its own memory of the stream, on one database.
        await using var first = await IngestHost.StartAsync();
        await using var second = await IngestHost.StartAsync(first.ConnectionString);
        var (files, _) = ArrivalOrderPropertyTests.Broadcasts(new Random(11));
        var (expected, _) = Fold(files);

        var statuses = await Task.WhenAll(files.OrderBy(f => f.IdempotencyKey, StringComparer.Ordinal).Select((f, i) =>
            SendUntilAcceptedAsync(i % 2 == 0 ? first : second, SignedBody(f))));

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        var log = await first.StreamAsync(LiveStreamIds.For("tencent", StreamName));
        Assert.Equal(Describe(expected), Describe(log.Aggregate(LiveStream.Empty, (s, e) => s.Apply(e.Data))));
        Assert.Equal(files.Count, log.Count(e => e.Data is RecordingFileCreated));
    }

    /// <summary>As Tencent does: a 503 is retried (here at once; Tencent waits a minute).</summary>
    private static async Task<HttpStatusCode> SendUntilAcceptedAsync(IngestHost host, string body)
    {
        var status = HttpStatusCode.ServiceUnavailable;
        for (var attempt = 0; attempt < 10 && status == HttpStatusCode.ServiceUnavailable; attempt++)
            status = (await host.PostAsync(body)).StatusCode;
        return status;
    }
}
