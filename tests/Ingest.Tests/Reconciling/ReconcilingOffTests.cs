using System.Net;
using static Ingest.Tests.Reconciling.Reconciliation;

namespace Ingest.Tests.Reconciling;

/// <summary>Reconciliation on a host with the default settings, which give no Tencent API credentials.</summary>
[Collection(DefaultHostCollection.Name)]
public sealed class ReconcilingOffTests(IngestHostFixture fixture) : IngestTest(fixture)
{
    [Fact]
    public async Task WithoutCredentialsReconciliationIsOffAndSaysHowToTurnItOn()
    {
        var host = Host;

        var status = await StatusAsync(host);
        using var post = host.Admin(HttpMethod.Post, "/admin/reconcile?from=2026-11-21T00:00:00Z&to=2026-11-21T01:00:00Z");
        using var response = await host.Client.SendAsync(post);

        Assert.False(status.GetProperty("enabled").GetBoolean());
        Assert.Contains("Tencent:Api:SecretId", status.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
