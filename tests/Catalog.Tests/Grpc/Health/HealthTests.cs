using System.Net;
using Catalog.Tests.Grpc.Service;
using Testing;

namespace Catalog.Tests.Grpc.Health;

/// <summary>grpc.health.v1.Health as grpcio calls it: the catalog's readiness, the same verdict as <c>/readyz</c>.</summary>
public sealed class HealthTests(GrpcAppFixture fixture) : IClassFixture<GrpcAppFixture>
{
    private CatalogGrpcApp App => fixture.App;

    [Theory]
    [InlineData("")]
    [InlineData("catalog.v1.CatalogService")]
    public async Task CheckAnswersServingOnceReadyzIsReady(string service)
    {
        await Eventually.TrueAsync(async () => (await App.Rest.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK, "/readyz answers 200");

        var result = await App.Python.RunAsync("health-check", "--service", service);

        Assert.Equal(0, result.Code);
        Assert.Equal("SERVING", result.Message.GetProperty("status").GetString());
    }

    [Fact]
    public async Task CheckOfAnUnknownServiceIsNotFound()
    {
        var result = await App.Python.RunAsync("health-check", "--service", "nobody.v1.Nothing");

        Assert.Equal(5, result.Code);
        Assert.Empty(result.Messages);
    }

    [Fact]
    public async Task WatchOfAnUnknownServiceSaysServiceUnknownAndStaysOpen()
    {
        await using var watch = App.Python.Start("health-watch", "--service", "nobody.v1.Nothing");

        Assert.Equal("SERVICE_UNKNOWN", (await watch.NextMessageAsync())!.Value.GetProperty("status").GetString());
        watch.Cancel();
        Assert.Equal(1, (await watch.CompletionAsync()).Code);
    }
}
