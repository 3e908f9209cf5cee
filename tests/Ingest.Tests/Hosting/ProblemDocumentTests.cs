using System.Net;
using System.Text.Json;

namespace Ingest.Tests.Hosting;

/// <summary>Every answer that is not a success is a problem document, the framework's own answers included.</summary>
[Collection(DefaultHostCollection.Name)]
public sealed class ProblemDocumentTests(IngestHostFixture fixture) : IngestTest(fixture)
{
    [Fact]
    public async Task TheFrameworksOwnAnswersAreProblemDocuments()
    {
        var host = Host;

        var wrongMethod = await host.Client.GetAsync("/callbacks/tencent");
        var notAnId = await host.Client.SendAsync(host.Admin(HttpMethod.Get, "/admin/quarantine/abc"));
        var badLimit = await host.Client.SendAsync(host.Admin(HttpMethod.Get, "/admin/quarantine?limit=abc"));
        var nowhere = await host.Client.GetAsync("/nowhere");

        Assert.Equal("GET is not allowed on /callbacks/tencent.", (await ProblemAsync(wrongMethod, HttpStatusCode.MethodNotAllowed)).GetProperty("detail").GetString());
        await ProblemAsync(notAnId, HttpStatusCode.NotFound);
        var limit = await ProblemAsync(badLimit, HttpStatusCode.BadRequest);
        Assert.Equal("'abc' is not a valid value for limit.", limit.GetProperty("detail").GetString());
        Assert.DoesNotContain("Nullable", limit.ToString());
        await ProblemAsync(nowhere, HttpStatusCode.NotFound);
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }
}
