using System.Net;
using System.Text.Json;
using Catalog.Tests.Grpc.Service;
using Testing;

namespace Catalog.Tests.Grpc.Health;

/// <summary>Health Watch follows readiness as it changes: a PostgreSQL server of the test's own is stopped and started.</summary>
public sealed class HealthWatchTests
{
    [Fact]
    public async Task WatchTellsWhenTheDatabaseGoesAwayAndWhenItIsBack()
    {
        await using var server = await LocalPostgres.StartAsync();
        await using var app = await CatalogGrpcApp.StartAsync(connectionString: await server.CreateDatabaseAsync());
        await using var watch = app.Python.Start("health-watch", "--service", "catalog.v1.CatalogService");
        string? status;
        // NOT_SERVING may come first, while the projections start.
        do status = Status(await watch.NextMessageAsync());
        while (status != "SERVING");

        await server.StopAsync();
        var whileDown = Status(await watch.NextMessageAsync());
        using var readyz = await app.Rest.GetAsync("/readyz");
        await server.RestartAsync();
        var whenBack = Status(await watch.NextMessageAsync());

        Assert.Equal("NOT_SERVING", whileDown);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, readyz.StatusCode);
        Assert.Equal("SERVING", whenBack);
        watch.Cancel();
        Assert.Equal(1, (await watch.CompletionAsync()).Code);
    }

    private static string? Status(JsonElement? message) =>
        (message ?? throw new InvalidOperationException("The watch ended.")).GetProperty("status").GetString();
}
