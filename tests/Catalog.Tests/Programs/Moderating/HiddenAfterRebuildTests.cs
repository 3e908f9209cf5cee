using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Catalog.Projections;
using Catalog.Projections.Rebuilding;
using Microsoft.Extensions.DependencyInjection;

namespace Catalog.Tests.Programs.Moderating;

/// <summary>Its own catalog: a blue/green rebuild changes which version serves.</summary>
public sealed class HiddenAfterRebuildTests : IAsyncLifetime
{
    private readonly CatalogApp _app = new();

    public Task InitializeAsync() => _app.InitializeAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task HidingAndRestoringAreFactsInTheLogThatEveryRebuildAppliesAgain()
    {
        var anchor = new Recordings("rebuilt-hide");
        var (hidden, restored, merged) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        await _app.AppendAsync(anchor.LogStream, anchor.Recorded(hidden, "rh-1", "mp4", Recordings.T0, Recordings.T0.AddHours(1)));
        await _app.AppendAsync(anchor.LogStream, anchor.Recorded(restored, "rh-2", "mp4", Recordings.T0.AddDays(1), Recordings.T0.AddDays(1).AddHours(1)));
        await _app.CatchUpAsync();
        var editor = _app.Editor(CatalogApp.AliceKey);
        (await editor.PostAsJsonAsync($"/v1/programs/{hidden}/hide", new { reason = "first reason" })).EnsureSuccessStatusCode();
        (await editor.PostAsJsonAsync($"/v1/programs/{hidden}/hide", new { reason = "second reason" })).EnsureSuccessStatusCode();
        (await editor.PostAsJsonAsync($"/v1/programs/{restored}/hide", new { reason = "mistake" })).EnsureSuccessStatusCode();
        (await editor.PostAsync($"/v1/programs/{restored}/restore", null)).EnsureSuccessStatusCode();
        // A late file bridges the hidden program and a new one: what absorbs a hidden program stays hidden.
        await _app.AppendAsync(anchor.LogStream, anchor.Recorded(merged, "rh-3", "mp4", Recordings.T0.AddHours(1).AddMinutes(2), Recordings.T0.AddHours(2)));
        await _app.AppendAsync(anchor.LogStream, anchor.Merged(hidden, merged, Recordings.T0.AddHours(2)));
        await _app.CatchUpAsync();
        var before = await AnswersAsync(hidden, restored);

        Assert.Equal(HttpStatusCode.Accepted, (await _app.Admin().PostAsync("/admin/projections/programs/rebuild", null)).StatusCode);
        Assert.True((await _app.Services.GetRequiredService<RebuildJobs>().Job("programs")!).Switched);
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
            while ((await _app.Services.GetRequiredService<ProjectionVersions>().RefreshAsync(timeout.Token))["programs"].Serving != 2)
                await Task.Delay(50, timeout.Token);
        await _app.CatchUpAsync();

        var after = await AnswersAsync(hidden, restored);
        Assert.All(before.Zip(after), pair => Assert.Equal(pair.First, pair.Second));
        Assert.Equal(HttpStatusCode.NotFound, (await _app.CreateClient().GetAsync($"/v1/programs/{hidden}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _app.CreateClient().GetAsync($"/v1/programs/{merged}")).StatusCode);
        Assert.Equal([restored], Ids(JsonDocument.Parse(await _app.CreateClient().GetStringAsync("/v1/anchors/rebuilt-hide/programs")).RootElement));
        var mark = JsonDocument.Parse(await _app.Editor().GetStringAsync($"/v1/programs/{hidden}")).RootElement.GetProperty("hidden");
        Assert.Equal("second reason", mark.GetProperty("reason").GetString());
        Assert.Equal("alice", mark.GetProperty("editor").GetString());
    }

    private static List<Guid> Ids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetGuid()).ToList();

    private async Task<List<string>> AnswersAsync(Guid hidden, Guid restored)
    {
        var answers = new List<string>();
        foreach (var client in new[] { _app.CreateClient(), _app.Editor() })
        foreach (var url in new[] { $"/v1/programs/{hidden}", $"/v1/programs/{restored}", "/v1/anchors/rebuilt-hide/programs", "/v1/programs?anchor=rebuilt-hide", "/v1/anchors?prefix=rebuilt" })
        {
            var response = await client.GetAsync(url);
            // A problem document carries the request's trace id: only answers' bodies are compared.
            answers.Add($"{(int)response.StatusCode} {url} {(response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : "")}");
        }
        return answers;
    }
}
