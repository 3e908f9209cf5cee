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

        var callbackRefusals = new[] { "400", "401", "404", "413", "500", "503" };
        var tencent = paths.GetProperty("/callbacks/tencent").GetProperty("post");
        Assert.Equal(["200", .. callbackRefusals], tencent.GetProperty("responses").EnumerateObject().Select(r => r.Name).Order());
        Assert.True(Resolve(document, Schema(tencent, "200", "application/json")).GetProperty("properties").TryGetProperty("code", out _), "Tencent is answered {\"code\":0}");
        // The answers are named types, so the document's schemas read as the senders' answers.
        Assert.Equal("#/components/schemas/CodeAnswer", Schema(tencent, "200", "application/json").GetProperty("$ref").GetString());
        Assert.Equal("#/components/schemas/CodeAnswer", Schema(paths.GetProperty("/callbacks/srs").GetProperty("post"), "200", "application/json").GetProperty("$ref").GetString());
        var zlMediaKit = Resolve(document, Schema(paths.GetProperty("/callbacks/zlmediakit").GetProperty("post"), "200", "application/json"));
        Assert.Equal(["code", "msg"], zlMediaKit.GetProperty("properties").EnumerateObject().Select(p => p.Name));
        var nginx = paths.GetProperty("/callbacks/nginx-rtmp").GetProperty("post");
        Assert.False(nginx.GetProperty("responses").GetProperty("200").TryGetProperty("content", out _), "nginx-rtmp is answered an empty 200");
        foreach (var status in callbackRefusals)
            Assert.Equal("#/components/schemas/ProblemDetails", Schema(nginx, status, "application/problem+json").GetProperty("$ref").GetString());

        var run = paths.GetProperty("/admin/reconcile/runs/{id}").GetProperty("get");
        Assert.Equal("#/components/schemas/ProblemDetails", Schema(run, "404", "application/problem+json").GetProperty("$ref").GetString());
        var reconcile = paths.GetProperty("/admin/reconcile").GetProperty("post");
        Assert.Equal(["202", "400", "401", "409"], reconcile.GetProperty("responses").EnumerateObject().Select(r => r.Name).Order());

        var item = document.GetProperty("components").GetProperty("schemas").GetProperty("QuarantineItem").GetProperty("properties");
        foreach (var property in new[] { "id", "receivedAt", "reason", "detail", "headers", "bodyBase64", "replayedAt" })
            Assert.True(item.TryGetProperty(property, out _), $"QuarantineItem.{property} is described");
        Assert.Equal("date-time", item.GetProperty("receivedAt").GetProperty("format").GetString());
    }

    private static JsonElement Resolve(JsonElement document, JsonElement schema) =>
        schema.TryGetProperty("$ref", out var reference)
            ? document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1])
            : schema;

    private static JsonElement Schema(JsonElement operation, string status, string mediaType) =>
        operation.GetProperty("responses").GetProperty(status).GetProperty("content").GetProperty(mediaType).GetProperty("schema");
}
