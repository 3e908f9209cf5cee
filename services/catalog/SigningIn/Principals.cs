using ServiceDefaults.Keys;

namespace Catalog.SigningIn;

/// <summary>
/// Who is asking: a Bearer key (API clients) or the console's session cookie. A request authenticated by the cookie
/// that changes state must also carry the session's CSRF token; a Bearer request needs none (no browser sends it by itself).
/// </summary>
public sealed class Principals(CatalogKeys keys, ConsoleSessions sessions)
{
    private static readonly object CacheKey = new();

    public Task<Principal> RequireEditorAsync(HttpContext context, CancellationToken ct) => RequireAsync(context, CatalogKeys.EditorRole, ct);

    public Task<Principal> RequireAdminAsync(HttpContext context, CancellationToken ct) => RequireAsync(context, CatalogKeys.AdminRole, ct);

    /// <summary>
    /// Whether the reader may see hidden programs (an editor or admin). Reads are open, so missing or wrong credentials
    /// answer as to any API consumer. The answer then differs by caller: it varies on both credentials and, for
    /// privileged readers, is never stored by a shared cache.
    /// </summary>
    public async Task<bool> SeesHiddenAsync(HttpContext context, CancellationToken ct)
    {
        context.Response.Headers.Vary = "Authorization, Cookie";
        var seen = await AuthenticateAsync(context, ct) is { Principal: not null };
        if (seen) context.Response.Headers.CacheControl = "private, no-store";
        return seen;
    }

    private async Task<Principal> RequireAsync(HttpContext context, string role, CancellationToken ct)
    {
        var result = await AuthenticateAsync(context, ct);
        if (result.Principal is not { } principal) throw new AccessDeniedException(result.Problem!, authenticated: false);
        if (principal.Role != role) throw new AccessDeniedException($"{principal.Name} is not an {role} here: this key may not do that.", authenticated: true);
        if (result.BySession is { } session && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
            && !ConsoleSessions.CsrfMatches(session, context.Request.Headers[ConsoleSessions.CsrfHeader]))
            throw new AccessDeniedException($"A change made with the console's session needs the {ConsoleSessions.CsrfHeader} header from /v1/session.", authenticated: true);
        return principal;
    }

    private async Task<Authentication> AuthenticateAsync(HttpContext context, CancellationToken ct)
    {
        if (context.Items.TryGetValue(CacheKey, out var cached)) return (Authentication)cached!;
        var result = await AuthenticateOnceAsync(context, ct);
        context.Items[CacheKey] = result;
        return result;
    }

    private async Task<Authentication> AuthenticateOnceAsync(HttpContext context, CancellationToken ct)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.Length > 0)
        {
            // An explicit header decides alone: a wrong key is not rescued by a cookie the browser also sent.
            if (KeyRing.Bearer(authorization) is not { } key) return Authentication.Refused("Send Authorization: Bearer <key>.");
            return keys.Ring.Find(key) is { } principal ? new Authentication(principal, null, null) : Authentication.Refused("Unknown key.");
        }
        if (ConsoleSessions.TokenOf(context) is { } token)
        {
            return await sessions.FindAsync(token, ct) is { } session
                ? new Authentication(session.Principal, token, null)
                : Authentication.Refused("The console session has expired or was signed out: sign in again.");
        }
        return Authentication.Refused("Send Authorization: Bearer <key>, or sign in to the console.");
    }

    private sealed record Authentication(Principal? Principal, string? BySession, string? Problem)
    {
        public static Authentication Refused(string problem) => new(null, null, problem);
    }
}
