using System.Net;
using System.Text.Json;

namespace Catalog.Tests.Hosting;

/// <summary>The OpenAPI document says what the handlers' typed results say: every answer, its schema, and who may call.</summary>
public sealed class OpenApiTests(CatalogApp app) : IClassFixture<CatalogApp>
{
    private const string Json = "application/json";
    private const string Problem = "application/problem+json";

    private async Task<JsonElement> DocumentAsync()
    {
        var response = await app.CreateClient().GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    private static JsonElement Operation(JsonElement document, string path, string method) =>
        document.GetProperty("paths").GetProperty(path).GetProperty(method);

    private static string[] Statuses(JsonElement operation) =>
        operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).Order(StringComparer.Ordinal).ToArray();

    private static JsonElement Resolve(JsonElement document, JsonElement schema) =>
        schema.TryGetProperty("$ref", out var reference)
            ? document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1])
            : schema;

    private static JsonElement Answer(JsonElement document, JsonElement operation, string status, string mediaType = Json) =>
        Resolve(document, operation.GetProperty("responses").GetProperty(status).GetProperty("content").GetProperty(mediaType).GetProperty("schema"));

    private static string[] Properties(JsonElement schema) => schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToArray();

    public static TheoryData<string, string, string, string[]> Operations => new()
    {
        { "/v1/programs", "get", "ListPrograms", ["200", "304", "400"] },
        { "/v1/anchors", "get", "ListAnchors", ["200", "400"] },
        { "/v1/anchors/{anchorId}/programs", "get", "ListAnchorPrograms", ["200", "304", "400"] },
        { "/v1/programs/{programId}", "get", "GetProgram", ["200", "304", "404"] },
        { "/v1/programs/{programId}/hide", "post", "HideProgram", ["200", "400", "401", "403", "404", "412"] },
        { "/v1/programs/{programId}/restore", "post", "RestoreProgram", ["200", "400", "401", "403", "404", "412"] },
        { "/v1/feeds", "get", "ListFeeds", ["200"] },
        { "/v1/feeds/{feedId}", "put", "PutFeed", ["200", "201", "400", "401", "403", "404", "412"] },
        { "/v1/feeds/{feedId}/items/{programId}", "put", "FeatureProgram", ["200", "400", "401", "403", "404", "412"] },
        { "/v1/feeds/{feedId}/items/{programId}", "delete", "UnfeatureProgram", ["204", "400", "401", "403", "404", "412"] },
        { "/v1/feeds/{feedId}", "get", "GetFeed", ["200", "304", "400", "404"] },
        { "/v1/feeds/{feedId}/history", "get", "GetFeedHistory", ["200", "304", "400", "404"] },
        { "/admin/projections", "get", "ListProjections", ["200", "401", "403"] },
        { "/admin/projections/{name}/rebuild", "post", "RebuildProjection", ["202", "401", "403", "404"] },
        { "/v1/session", "post", "SignIn", ["200", "400", "401", "429"] },
        { "/v1/session", "get", "GetSession", ["200", "401"] },
        { "/v1/session", "delete", "SignOut", ["204", "403"] },
    };

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task EachOperationDeclaresTheAnswersItsHandlerGivesAndEveryRefusalIsAProblemDocument(string path, string method, string name, string[] statuses)
    {
        var document = await DocumentAsync();
        var operation = Operation(document, path, method);

        Assert.Equal(name, operation.GetProperty("operationId").GetString());
        Assert.Equal(statuses, Statuses(operation));
        foreach (var status in statuses.Where(s => s[0] is '4'))
            Assert.Contains("detail", Properties(Answer(document, operation, status, Problem)));
        if (statuses.Contains("304"))
            Assert.False(operation.GetProperty("responses").GetProperty("304").TryGetProperty("content", out _), "a 304 has no body");
    }

    [Theory]
    [InlineData("/v1/programs", "get", "200", new[] { "items", "nextCursor" })]
    [InlineData("/v1/anchors/{anchorId}/programs", "get", "200", new[] { "items", "nextCursor" })]
    [InlineData("/v1/anchors", "get", "200", new[] { "items", "nextCursor" })]
    [InlineData("/v1/programs/{programId}", "get", "200", new[] { "id", "anchorId", "startedAt", "renditions", "gaps", "flags", "mergedFrom" })]
    [InlineData("/v1/programs/{programId}/hide", "post", "200", new[] { "programId", "hidden" })]
    [InlineData("/v1/feeds", "get", "200", new[] { "items" })]
    [InlineData("/v1/feeds/{feedId}", "put", "201", new[] { "id", "title", "version", "items" })]
    [InlineData("/v1/feeds/{feedId}", "put", "200", new[] { "id", "title", "version", "items" })]
    [InlineData("/v1/feeds/{feedId}", "get", "200", new[] { "id", "title", "version", "totalItems", "items", "nextCursor" })]
    [InlineData("/v1/feeds/{feedId}/history", "get", "200", new[] { "feedId", "version", "changes" })]
    [InlineData("/admin/projections/{name}/rebuild", "post", "202", new[] { "projection", "status" })]
    [InlineData("/v1/session", "post", "200", new[] { "name", "role", "csrfToken", "expiresAt" })]
    public async Task TheSuccessAnswerIsDescribedByTheTypeTheHandlerReturns(string path, string method, string status, string[] properties)
    {
        var document = await DocumentAsync();

        var described = Properties(Answer(document, Operation(document, path, method), status));

        foreach (var property in properties) Assert.Contains(property, described);
    }

    [Fact]
    public async Task AProgramIsDescribedOnceWhetherAloneInAPageOrInAFeed()
    {
        var document = await DocumentAsync();

        var program = Answer(document, Operation(document, "/v1/programs/{programId}", "get"), "200");
        var page = Answer(document, Operation(document, "/v1/programs", "get"), "200");
        var feed = Answer(document, Operation(document, "/v1/feeds/{feedId}", "get"), "200");
        var feedItem = Resolve(document, feed.GetProperty("properties").GetProperty("items").GetProperty("items"));

        Assert.Equal(program.ToString(), Resolve(document, page.GetProperty("properties").GetProperty("items").GetProperty("items")).ToString());
        Assert.Contains("program", Properties(feedItem));
        Assert.Equal("uuid", Operation(document, "/v1/programs/{programId}", "get").GetProperty("parameters")[0].GetProperty("schema").GetProperty("format").GetString());
    }

    [Fact]
    public async Task EditorAndAdminOperationsDeclareTheirSecurityAndReadsDeclareNone()
    {
        var document = await DocumentAsync();
        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("bearer", schemes.GetProperty("bearer").GetProperty("scheme").GetString());
        Assert.Equal("cookie", schemes.GetProperty("consoleSession").GetProperty("in").GetString());

        foreach (var (path, method) in new[]
                 {
                     ("/v1/programs/{programId}/hide", "post"), ("/v1/programs/{programId}/restore", "post"), ("/v1/feeds/{feedId}", "put"),
                     ("/v1/feeds/{feedId}/items/{programId}", "put"), ("/v1/feeds/{feedId}/items/{programId}", "delete"),
                     ("/admin/projections", "get"), ("/admin/projections/{name}/rebuild", "post"),
                 })
        {
            var security = Operation(document, path, method).GetProperty("security").EnumerateArray()
                .Select(requirement => string.Join("+", requirement.EnumerateObject().Select(s => s.Name))).Order(StringComparer.Ordinal);
            Assert.Equal(["bearer", "consoleSession"], security);
        }
        foreach (var (path, method) in new[] { ("/v1/programs", "get"), ("/v1/programs/{programId}", "get"), ("/v1/feeds/{feedId}", "get"), ("/v1/feeds", "get") })
            Assert.False(Operation(document, path, method).TryGetProperty("security", out _), $"{method} {path} is open");
    }

    [Fact]
    public async Task TheParametersAreDescribedWithTheirFormats()
    {
        var document = await DocumentAsync();
        var list = Operation(document, "/v1/anchors/{anchorId}/programs", "get");
        JsonElement Parameter(string name) =>
            list.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == name).GetProperty("schema");

        Assert.Equal("int32", Parameter("limit").GetProperty("format").GetString());
        Assert.Equal("date-time", Parameter("from").GetProperty("format").GetString());
        Assert.Contains("title", Properties(Resolve(document,
            Operation(document, "/v1/feeds/{feedId}", "put").GetProperty("requestBody").GetProperty("content").GetProperty(Json).GetProperty("schema"))));
        var subscriptions = Answer(document, Operation(document, "/admin/subscriptions", "get"), "200");
        Assert.Contains("lagEvents", Properties(Resolve(document, subscriptions.GetProperty("items"))));
    }
}
