using System.Net;
using System.Text.Json;

namespace Ingest.Tests.Hosting;

[Collection(DefaultHostCollection.Name)]
public sealed class OpenApiTests(IngestHostFixture fixture) : IngestTest(fixture)
{
    [Fact]
    public async Task TheOpenApiDocumentDescribesTheOperationsTheirAnswersAndTheirSchemas()
    {
        var host = Host;
        var response = await host.Client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var paths = document.GetProperty("paths");

        Assert.Equal("ReceiveTencentCallback", paths.GetProperty("/callbacks/tencent").GetProperty("post").GetProperty("operationId").GetString());

        var list = paths.GetProperty("/admin/quarantine").GetProperty("get");
        Assert.Equal(["all", "after", "limit"], list.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        Assert.Equal("#/components/schemas/QuarantineItem", Schema(list, "200", "application/json").GetProperty("items").GetProperty("$ref").GetString());
        Assert.Equal("#/components/schemas/ProblemDetails", Schema(list, "401", "application/problem+json").GetProperty("$ref").GetString());

        var get = paths.GetProperty("/admin/quarantine/{id}").GetProperty("get");
        Assert.Equal("#/components/schemas/QuarantineItem", Schema(get, "200", "application/json").GetProperty("$ref").GetString());
        Assert.Equal("#/components/schemas/ProblemDetails", Schema(get, "404", "application/problem+json").GetProperty("$ref").GetString());

        var replay = paths.GetProperty("/admin/quarantine/{id}/replay").GetProperty("post");
        Assert.Equal("#/components/schemas/ReplayOutcome", Schema(replay, "200", "application/json").GetProperty("$ref").GetString());
        Assert.Equal(["200", "401", "404", "409", "503"], replay.GetProperty("responses").EnumerateObject().Select(r => r.Name).Order());

        var item = document.GetProperty("components").GetProperty("schemas").GetProperty("QuarantineItem").GetProperty("properties");
        foreach (var property in new[] { "id", "receivedAt", "reason", "detail", "headers", "bodyBase64", "replayedAt" })
            Assert.True(item.TryGetProperty(property, out _), $"QuarantineItem.{property} is described");
        Assert.Equal("date-time", item.GetProperty("receivedAt").GetProperty("format").GetString());
    }

    private static JsonElement Schema(JsonElement operation, string status, string mediaType) =>
        operation.GetProperty("responses").GetProperty(status).GetProperty("content").GetProperty(mediaType).GetProperty("schema");
}
