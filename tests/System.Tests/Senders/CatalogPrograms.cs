using System.Net.Http.Json;
using System.Text.Json;
using Testing;

namespace SystemTests.Senders;

/// <summary>What the catalog's REST API answers about an anchor's programs, read the way an app reads it.</summary>
public sealed class CatalogPrograms(HttpClient catalog)
{
    /// <summary><c>GET /v1/anchors/{anchor}/programs</c>: the anchor's programs, newest first.</summary>
    public async Task<IReadOnlyList<JsonElement>> OfAnchorAsync(string anchor)
    {
        var page = await catalog.GetFromJsonAsync<JsonElement>($"/v1/anchors/{Uri.EscapeDataString(anchor)}/programs");
        return page.GetProperty("items").EnumerateArray().Select(p => p.Clone()).ToList();
    }

    /// <summary><c>GET /v1/programs/{id}</c>.</summary>
    public async Task<JsonElement> ByIdAsync(JsonElement program) =>
        await catalog.GetFromJsonAsync<JsonElement>($"/v1/programs/{program.GetProperty("id").GetString()}");

    /// <summary>Waits until the anchor's programs satisfy <paramref name="condition"/>; returns them, newest first.</summary>
    public async Task<IReadOnlyList<JsonElement>> WhenAsync(string anchor, Func<IReadOnlyList<JsonElement>, bool> condition, string what)
    {
        IReadOnlyList<JsonElement> programs = [];
        await Eventually.TrueAsync(async () => condition(programs = await OfAnchorAsync(anchor)), $"{anchor}: {what}");
        return programs;
    }

    /// <summary>Waits until some program of the anchor lists the file <paramref name="fileId"/>.</summary>
    public Task<IReadOnlyList<JsonElement>> ListingAsync(string anchor, string fileId) =>
        WhenAsync(anchor, programs => programs.SelectMany(Files).Any(f => f.GetProperty("fileId").GetString() == fileId), $"a program listing {fileId}");

    public static IEnumerable<JsonElement> Renditions(JsonElement program) => program.GetProperty("renditions").EnumerateArray();

    public static IEnumerable<JsonElement> Files(JsonElement program) => Renditions(program).SelectMany(r => r.GetProperty("files").EnumerateArray());

    /// <summary>The files of one format's rendition, in the order the catalog gives them.</summary>
    public static List<JsonElement> Files(JsonElement program, string format) =>
        Assert.Single(Renditions(program), r => r.GetProperty("format").GetString() == format).GetProperty("files").EnumerateArray().ToList();

    public static List<string> Formats(JsonElement program) => Renditions(program).Select(r => r.GetProperty("format").GetString()!).ToList();

    public static string Text(JsonElement element, string property) => element.GetProperty(property).GetString()!;
}
