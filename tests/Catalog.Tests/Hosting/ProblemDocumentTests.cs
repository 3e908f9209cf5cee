using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Catalog.Tests.Hosting;

/// <summary>Every answer that is not a success is a problem document, the framework's own answers included.</summary>
public sealed class ProblemDocumentTests(CatalogApp app) : IClassFixture<CatalogApp>
{
    [Fact]
    public async Task ABadProgramIdIsA400ProblemAsInGrpc()
    {
        var problem = await ProblemAsync(await app.CreateClient().GetAsync("/v1/programs/not-a-uuid"), HttpStatusCode.BadRequest);

        Assert.Equal("'not-a-uuid' is not a valid value for programId.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task ALimitThatIsNotANumberIsA400ProblemThatNamesNoDotNetType()
    {
        var response = await app.CreateClient().GetAsync("/v1/anchors/someone/programs?limit=abc");
        var text = await response.Content.ReadAsStringAsync();

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("'abc' is not a valid value for limit.", problem.GetProperty("detail").GetString());
        Assert.DoesNotContain("Nullable", text);
        Assert.DoesNotContain("Int32", text);
        Assert.DoesNotContain("System.", text);
    }

    [Fact]
    public async Task AnUnknownPathIsA404Problem()
    {
        var problem = await ProblemAsync(await app.CreateClient().GetAsync("/v1/nothing-here"), HttpStatusCode.NotFound);

        Assert.Equal("Nothing is served at /v1/nothing-here.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task AWrongMethodIsA405Problem()
    {
        var problem = await ProblemAsync(await app.CreateClient().DeleteAsync($"/v1/programs/{Guid.CreateVersion7()}"), HttpStatusCode.MethodNotAllowed);

        Assert.Equal(405, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task ABodyThatIsNotJsonIsA415ProblemAndMalformedJsonA400Problem()
    {
        var editor = app.Editor();

        var plain = await editor.PutAsync("/v1/feeds/problems", new StringContent("""{"title":"x"}""", Encoding.UTF8, "text/plain"));
        var malformed = await editor.PutAsync("/v1/feeds/problems", new StringContent("""{"title":""", Encoding.UTF8, "application/json"));

        await ProblemAsync(plain, HttpStatusCode.UnsupportedMediaType);
        var problem = await ProblemAsync(malformed, HttpStatusCode.BadRequest);
        Assert.Equal("The request body is not valid JSON for this operation.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task ARefusedCurationCommandIsAProblemFromTheOneMapping()
    {
        var editor = app.Editor();

        var noFeed = await editor.PutAsync($"/v1/feeds/never-made/items/{Guid.CreateVersion7()}", JsonContent.Create(new { position = 1 }));
        var emptyTitle = await editor.PutAsync("/v1/feeds/untitled", JsonContent.Create(new { title = " " }));

        await ProblemAsync(noFeed, HttpStatusCode.NotFound);
        Assert.Equal("Invalid request", (await ProblemAsync(emptyTitle, HttpStatusCode.BadRequest)).GetProperty("title").GetString());
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        return problem;
    }
}
