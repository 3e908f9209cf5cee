using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Catalog.Tests.SigningIn;

/// <summary>What a browser holds after signing in: the cookie it was given and the CSRF token the page keeps.</summary>
public sealed record ConsoleSession(string Cookie, string CsrfToken, JsonElement Body, HttpResponseMessage Response)
{
    public static async Task<HttpResponseMessage> PostAsync(HttpClient browser, string key) =>
        await browser.PostAsJsonAsync("/v1/session", new { key });

    public static async Task<ConsoleSession> SignInAsync(HttpClient browser, string key)
    {
        var response = await PostAsync(browser, key);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var setCookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        var cookie = setCookie.Split(';')[0];
        Assert.StartsWith("catalog_session=", cookie);
        return new ConsoleSession(cookie, body.GetProperty("csrfToken").GetString()!, body, response);
    }

    /// <summary>A request as the console page sends it: the cookie always, the CSRF header when asked.</summary>
    public HttpRequestMessage Request(HttpMethod method, string url, object? body = null, bool csrf = true, string? csrfToken = null)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Add("Cookie", Cookie);
        if (csrf) request.Headers.Add("X-CSRF-Token", csrfToken ?? CsrfToken);
        if (body is not null) request.Content = JsonContent.Create(body);
        return request;
    }
}
