using System.Net;
using System.Text.Json;

namespace Ingest.Tests.Quarantine;

/// <summary>The operator endpoints take the services' one scheme, Bearer, and the deprecated X-Admin-Key for one more release.</summary>
[Collection(DefaultHostCollection.Name)]
public sealed class AdminKeyTests(IngestHostFixture fixture) : IngestTest(fixture)
{
    private Task<HttpResponseMessage> GetAsync(string header, string value) =>
        Host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/admin/quarantine") { Headers = { { header, value } } });

    [Fact]
    public async Task ANamedAdminKeyAndALegacyNumberedOneBothOpenTheEndpointsAsBearer()
    {
        var named = await GetAsync("Authorization", $"Bearer {IngestHost.AdminKey}");
        var numbered = await GetAsync("Authorization", $"Bearer {IngestHost.LegacyAdminKey}");

        Assert.Equal(HttpStatusCode.OK, named.StatusCode);
        Assert.Equal(HttpStatusCode.OK, numbered.StatusCode);
        Assert.False(named.Headers.Contains("Deprecation"));
    }

    [Fact]
    public async Task TheDeprecatedHeaderStillWorksAndSaysItIsDeprecated()
    {
        var response = await GetAsync("X-Admin-Key", IngestHost.AdminKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("true", Assert.Single(response.Headers.GetValues("Deprecation")));
    }

    [Theory]
    [InlineData("Authorization", "Bearer not-the-key")]
    [InlineData("Authorization", "Basic dGVzdC1hZG1pbi1rZXk=")]
    [InlineData("X-Admin-Key", "not-the-key")]
    [InlineData("X-Other", "nothing")]
    public async Task AnythingElseIsUnauthorizedWithAProblem(string header, string value)
    {
        var response = await GetAsync(header, value);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
        Assert.Contains("Bearer", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task AWrongBearerKeyIsNotRescuedByTheLegacyHeader()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/admin/quarantine")
        {
            Headers = { { "Authorization", "Bearer wrong" }, { "X-Admin-Key", IngestHost.AdminKey } },
        };

        Assert.Equal(HttpStatusCode.Unauthorized, (await Host.Client.SendAsync(request)).StatusCode);
    }
}
