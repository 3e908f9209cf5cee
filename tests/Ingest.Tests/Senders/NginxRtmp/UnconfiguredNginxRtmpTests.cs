using System.Net;
using static Ingest.Tests.Senders.NginxRtmp.NginxRtmpForms;

namespace Ingest.Tests.Senders.NginxRtmp;

/// <summary>nginx-rtmp on a host with the default settings, where it is not configured.</summary>
[Collection(DefaultHostCollection.Name)]
public sealed class UnconfiguredNginxRtmpTests(IngestHostFixture fixture) : IngestTest(fixture)
{
    private const long T = 1_800_000_000;

    [Fact]
    public async Task UnconfiguredTheEndpointAnswers404AndSaysWhatToSet()
    {
        var host = Host;

        var response = await PostAsync(host, RecordDone("alice", T));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problem = await IngestHost.JsonAsync(response);
        Assert.Equal("sender-not-configured", problem.GetProperty("reason").GetString());
        Assert.Contains("NginxRtmp:Token", problem.GetProperty("detail").GetString());
    }
}
