using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Catalog.Tests.Grpc.Service;

namespace Catalog.Tests.Grpc.Transport;

/// <summary>What the catalog's gRPC port answers to calls it does not serve, as grpcio and Python's http.client see it.</summary>
public sealed class ForeignCallsTests(GrpcAppFixture fixture) : IClassFixture<GrpcAppFixture>
{
    private CatalogGrpcApp App => fixture.App;

    [Theory]
    [InlineData("/nobody.v1.Nothing/Do")]
    [InlineData("/catalog.v1.CatalogService/DeleteEverything")]
    [InlineData("/grpc.health.v1.Health/List")]
    public async Task UnknownServiceOrMethodIsUnimplemented(string method)
    {
        var result = await App.Python.RunAsync("call", "--method", method);

        Assert.Equal(12, result.Code);
        Assert.Contains(method.TrimStart('/'), result.Details);
    }

    [Fact]
    public async Task Http11GetsAProblemDocumentSayingThePortSpeaksGrpcOverHttp2()
    {
        var result = await App.Python.RunAsync("http1", "--path", "/catalog.v1.CatalogService/GetFeed");

        var answer = result.Message;
        Assert.Equal(426, answer.GetProperty("status").GetInt32());
        Assert.Equal("application/problem+json", answer.GetProperty("content_type").GetString());
        using var problem = JsonDocument.Parse(answer.GetProperty("body").GetString()!);
        Assert.Equal(426, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Contains("gRPC over HTTP/2", problem.RootElement.GetProperty("title").GetString());
    }

    [Fact]
    public async Task JsonPostedToAGrpcMethodGetsAProblemDocumentAskingForGrpc()
    {
        using var http = new HttpClient { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };

        using var response = await http.PostAsync($"http://{App.GrpcAddress}/catalog.v1.CatalogService/GetFeed", JsonContent.Create(new { feed_id = "x" }));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("application/grpc", problem.RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task GrpcCallsStillWorkOnThePortThatRefusesHttp11()
    {
        await App.Python.RunAsync("http1", "--path", "/");

        var result = await App.Grpc.CallAsync("GetProgram", new { id = "not-a-uuid" });

        Assert.Equal(3, result.Code);
    }
}
