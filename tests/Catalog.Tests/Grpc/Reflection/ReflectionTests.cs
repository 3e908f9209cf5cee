using System.Text.Json;
using Catalog.Tests.Grpc.Service;

namespace Catalog.Tests.Grpc.Reflection;

/// <summary>
/// Server reflection as grpcio (stubs generated from the public reflection protocol) and grpc-js-reflection-client (its
/// own copies of it) use it: list the services, fetch descriptors, then call the catalog knowing nothing else.
/// </summary>
public sealed class ReflectionTests(GrpcAppFixture fixture) : IClassFixture<GrpcAppFixture>
{
    private static readonly DateTimeOffset Noon = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly string[] AllServices =
        ["catalog.v1.CatalogService", "grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection"];

    private CatalogGrpcApp App => fixture.App;

    [Theory]
    [InlineData("v1")]
    [InlineData("v1alpha")]
    public async Task ListServicesNamesEveryService(string version)
    {
        var result = await App.Python.RunAsync("reflect", "--version", version, "--request", "list:");

        Assert.Equal(0, result.Code);
        Assert.Equal(AllServices, Strings(result.Message.GetProperty("services")));
    }

    [Fact]
    public async Task FileByFilenameAnswersCatalogProtoAndTheFilesItImports()
    {
        var result = await App.Python.RunAsync("reflect", "--request", "file:catalog/v1/catalog.proto");

        var files = result.Message.GetProperty("files");
        Assert.Equal(["catalog/v1/catalog.proto", "google/protobuf/timestamp.proto"], files.EnumerateArray().Select(f => f.GetProperty("name").GetString()));
        Assert.Equal("catalog.v1", files[0].GetProperty("package").GetString());
        Assert.Equal(["CatalogService"], Strings(files[0].GetProperty("services")));
        Assert.Contains("Program", Strings(files[0].GetProperty("messages")));
        Assert.Equal(["google/protobuf/timestamp.proto"], Strings(files[0].GetProperty("dependency")));
    }

    [Theory]
    [InlineData("catalog.v1.CatalogService", "catalog/v1/catalog.proto")]
    [InlineData("catalog.v1.CatalogService.WatchFeed", "catalog/v1/catalog.proto")]
    [InlineData("catalog.v1.FeedItem", "catalog/v1/catalog.proto")]
    [InlineData("google.protobuf.Timestamp", "google/protobuf/timestamp.proto")]
    [InlineData("grpc.health.v1.HealthCheckResponse.ServingStatus", "grpc/health/v1/health.proto")]
    [InlineData("grpc.reflection.v1alpha.ServerReflection", "grpc/reflection/v1alpha/reflection.proto")]
    public async Task FileContainingSymbolAnswersTheFileThatDefinesIt(string symbol, string file)
    {
        var result = await App.Python.RunAsync("reflect", "--request", $"symbol:{symbol}");

        Assert.Equal(file, result.Message.GetProperty("files")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task UnknownNamesAreErrorResponsesAndTheStreamGoesOn()
    {
        var result = await App.Python.RunAsync("reflect",
            "--request", "symbol:catalog.v1.NoSuchThing", "--request", "file:no/such.proto", "--request", "extensions:no.Such", "--request", "list:");

        Assert.Equal(0, result.Code);
        Assert.Equal(4, result.Messages.Count);
        foreach (var error in result.Messages.Take(3)) Assert.Equal(5, error.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Contains("catalog.v1.NoSuchThing", result.Messages[0].GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(AllServices, Strings(result.Messages[3].GetProperty("services")));
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v1alpha")]
    public async Task GrpcioCallsTheCatalogWithTypesBuiltFromReflectedDescriptors(string version)
    {
        var anchor = $"reflected-py-{version}";
        var program = await App.RecordProgramAsync(anchor, ("mp4", Noon, Noon.AddMinutes(30)));
        await App.CatchUpAsync();

        var result = await App.Python.RunAsync("reflect-call", "--version", version, "--service", "catalog.v1.CatalogService",
            "--method", "ListAnchorPrograms", "--request", JsonSerializer.Serialize(new { anchor_id = anchor, limit = 5 }));

        Assert.Equal(0, result.Code);
        var only = Assert.Single(result.Message.GetProperty("programs").EnumerateArray());
        Assert.Equal(program.ToString(), only.GetProperty("id").GetString());
        Assert.Equal("mp4", only.GetProperty("renditions")[0].GetProperty("format").GetString());
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v1alpha")]
    public async Task GrpcJsReflectionClientListsAndCallsTheCatalog(string version)
    {
        var anchor = $"reflected-js-{version}";
        var program = await App.RecordProgramAsync(anchor, ("hls", Noon, Noon.AddMinutes(30)));
        await App.CatchUpAsync();

        var result = await App.Grpc.CallThroughReflectionAsync(version, "ListAnchorPrograms", new { anchor_id = anchor, limit = 5 });

        Assert.Equal(0, result.Code);
        Assert.Equal(2, result.Messages.Count);
        Assert.Equal(AllServices, Strings(result.Messages[0].GetProperty("services")));
        Assert.Equal(["ListAnchorPrograms", "GetProgram", "GetFeed", "WatchFeed", "ListPrograms", "ListAnchors", "ListFeeds"],
            Strings(result.Messages[0].GetProperty("methods")));
        var only = Assert.Single(result.Messages[1].GetProperty("programs").EnumerateArray());
        Assert.Equal(program.ToString(), only.GetProperty("id").GetString());
    }

    private static List<string?> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()).ToList();
}
