using System.Net;
using System.Text.Json;

namespace Catalog.Tests.SigningIn;

/// <summary>The console's sign-in: an HttpOnly session cookie, a CSRF token for changes, expiry and sign-out.</summary>
public sealed class SessionTests(CatalogApp app) : IClassFixture<CatalogApp>
{
    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    [Fact]
    public async Task SigningInSetsAnHttpOnlyStrictCookieAndAnswersWhoAndTheCsrfToken()
    {
        var session = await ConsoleSession.SignInAsync(app.Browser(), CatalogApp.AliceKey);

        var setCookie = Assert.Single(session.Response.Headers.GetValues("Set-Cookie"));
        Assert.Matches("^catalog_session=[A-Za-z0-9_-]{40,}; Path=/; HttpOnly; SameSite=Strict$", setCookie);
        Assert.DoesNotContain(CatalogApp.AliceKey, setCookie);
        Assert.Equal("alice", session.Body.GetProperty("name").GetString());
        Assert.Equal("editor", session.Body.GetProperty("role").GetString());
        Assert.False(string.IsNullOrEmpty(session.CsrfToken));
        var expires = DateTimeOffset.Parse(session.Body.GetProperty("expiresAt").GetString()!);
        Assert.Equal(app.Clock.Now.AddHours(8), expires);
        Assert.DoesNotContain(CatalogApp.AliceKey, session.Body.GetRawText());

        var again = await app.Browser().SendAsync(session.Request(HttpMethod.Get, "/v1/session", csrf: false));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var body = JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("alice", body.GetProperty("name").GetString());
        Assert.Equal(session.CsrfToken, body.GetProperty("csrfToken").GetString());
        Assert.Contains("no-store", again.Headers.CacheControl!.ToString());
    }

    [Fact]
    public async Task OverHttpsTheCookieIsAlsoSecure()
    {
        var session = await ConsoleSession.SignInAsync(app.Browser(https: true), CatalogApp.AliceKey);

        Assert.EndsWith("; Secure", Assert.Single(session.Response.Headers.GetValues("Set-Cookie")));
    }

    [Fact]
    public async Task AWrongKeyIsRefusedWithAClearMessageAndNoCookie()
    {
        var response = await ConsoleSession.PostAsync(app.Browser(), "not-a-key");

        var problem = await ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("That key is not an editor's key.", problem.GetProperty("detail").GetString());
        Assert.False(response.Headers.Contains("Set-Cookie"));
        await ProblemAsync(await app.Browser().GetAsync("/v1/session"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task WithTheCookieEveryChangeNeedsTheCsrfTokenAndTheTrailNamesTheEditor()
    {
        var session = await ConsoleSession.SignInAsync(app.Browser(), CatalogApp.AliceKey);
        var browser = app.Browser();

        var missing = await browser.SendAsync(session.Request(HttpMethod.Put, "/v1/feeds/session-picks", new { title = "Picks" }, csrf: false));
        var wrong = await browser.SendAsync(session.Request(HttpMethod.Put, "/v1/feeds/session-picks", new { title = "Picks" }, csrfToken: "forged"));
        var otherSessions = await ConsoleSession.SignInAsync(app.Browser(), CatalogApp.AliceKey);
        var borrowed = await browser.SendAsync(session.Request(HttpMethod.Put, "/v1/feeds/session-picks", new { title = "Picks" }, csrfToken: otherSessions.CsrfToken));
        Assert.Contains("X-CSRF-Token", (await ProblemAsync(missing, HttpStatusCode.Forbidden)).GetProperty("detail").GetString());
        await ProblemAsync(wrong, HttpStatusCode.Forbidden);
        await ProblemAsync(borrowed, HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync("/v1/feeds/session-picks")).StatusCode);

        var created = await browser.SendAsync(session.Request(HttpMethod.Put, "/v1/feeds/session-picks", new { title = "Picks" }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        // Reads with the cookie need no token; a Bearer key needs none for changes either.
        Assert.Equal(HttpStatusCode.OK, (await browser.SendAsync(session.Request(HttpMethod.Get, "/v1/feeds/session-picks/history", csrf: false))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Editor().PutAsync("/v1/feeds/session-picks", JsonContentOf(new { title = "Picks!" }))).StatusCode);

        var history = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/v1/feeds/session-picks/history")).RootElement;
        Assert.Equal(["alice", "editor-0"], history.GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("editor").GetString()));
    }

    [Fact]
    public async Task ASessionExpiresAfterItsLifetime()
    {
        var session = await ConsoleSession.SignInAsync(app.Browser(), CatalogApp.AliceKey);
        var browser = app.Browser();
        var started = app.Clock.Now;
        try
        {
            app.Clock.Now = started.AddHours(8).AddSeconds(-1);
            Assert.Equal(HttpStatusCode.OK, (await browser.SendAsync(session.Request(HttpMethod.Get, "/v1/session", csrf: false))).StatusCode);
            app.Clock.Now = started.AddHours(8);

            await ProblemAsync(await browser.SendAsync(session.Request(HttpMethod.Get, "/v1/session", csrf: false)), HttpStatusCode.Unauthorized);
            var change = await browser.SendAsync(session.Request(HttpMethod.Put, "/v1/feeds/expired-session", new { title = "Late" }));
            Assert.Contains("expired", (await ProblemAsync(change, HttpStatusCode.Unauthorized)).GetProperty("detail").GetString());
        }
        finally
        {
            app.Clock.Now = started;
        }
    }

    [Fact]
    public async Task SigningOutNeedsTheCsrfTokenClearsTheCookieAndEndsTheSessionForGood()
    {
        var session = await ConsoleSession.SignInAsync(app.Browser(), CatalogApp.AliceKey);
        var browser = app.Browser();

        await ProblemAsync(await browser.SendAsync(session.Request(HttpMethod.Delete, "/v1/session", csrf: false)), HttpStatusCode.Forbidden);
        var signedOut = await browser.SendAsync(session.Request(HttpMethod.Delete, "/v1/session"));

        Assert.Equal(HttpStatusCode.NoContent, signedOut.StatusCode);
        var cleared = Assert.Single(signedOut.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("catalog_session=;", cleared);
        Assert.Contains("Max-Age=0", cleared);
        // The old cookie, replayed, is worth nothing: the session is gone from the database, not just from the browser.
        await ProblemAsync(await browser.SendAsync(session.Request(HttpMethod.Get, "/v1/session", csrf: false)), HttpStatusCode.Unauthorized);
        await ProblemAsync(await browser.SendAsync(session.Request(HttpMethod.Put, "/v1/feeds/after-sign-out", new { title = "x" })), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AnAdminKeySignsInAsAnAdminWhoMayNotCurate()
    {
        var session = await ConsoleSession.SignInAsync(app.Browser(), CatalogApp.RootKey);

        Assert.Equal("root", session.Body.GetProperty("name").GetString());
        Assert.Equal("admin", session.Body.GetProperty("role").GetString());
        await ProblemAsync(await app.Browser().SendAsync(session.Request(HttpMethod.Put, "/v1/feeds/admin-session", new { title = "x" })), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await app.Browser().SendAsync(session.Request(HttpMethod.Get, "/admin/projections", csrf: false))).StatusCode);
    }

    [Fact]
    public async Task AWrongBearerKeyIsNotRescuedByAValidCookie()
    {
        var session = await ConsoleSession.SignInAsync(app.Browser(), CatalogApp.AliceKey);
        var request = session.Request(HttpMethod.Put, "/v1/feeds/bearer-and-cookie", new { title = "x" });
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "wrong");

        await ProblemAsync(await app.Browser().SendAsync(request), HttpStatusCode.Unauthorized);
    }

    private static StringContent JsonContentOf(object body) => new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
}
