using System.Reflection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;

namespace Catalog.SigningIn;

public sealed record SignInRequest(string? Key);

/// <summary>Who is signed in, the token to send as <c>X-CSRF-Token</c> with every change, and when the session ends.</summary>
public sealed record SessionAnswer(string Name, string Role, string CsrfToken, DateTimeOffset ExpiresAt);

/// <summary>
/// <c>/v1/session</c>: the console signs in once with a key and then holds an HttpOnly, SameSite=Strict cookie; the
/// key itself never stays in the browser.
/// </summary>
public static class SessionEndpoints
{
    public static async Task<Results<Ok<SessionAnswer>, SignInRefused>> SignInAsync(SignInRequest? body, CatalogKeys keys,
        ConsoleSessions sessions, SignInThrottle throttle, HttpContext context, CancellationToken ct)
    {
        var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (await throttle.WaitAsync(client, ct) is { } wait)
        {
            var seconds = (int)Math.Ceiling(wait.TotalSeconds);
            return new SignInRefused(new Rejection(RejectionKind.TooManyRequests, $"Too many wrong keys from this address: try again in {seconds} s.")
            {
                Title = "Too many wrong keys",
                RetryAfter = TimeSpan.FromSeconds(seconds),
            });
        }
        if (string.IsNullOrWhiteSpace(body?.Key)) return new SignInRefused(Rejection.Invalid("Send {\"key\":\"<your editor key>\"}."));
        if (keys.Ring.Find(body.Key.Trim()) is not { } principal)
        {
            await throttle.FailedAsync(client, ct);
            return new SignInRefused(new Rejection(RejectionKind.Unauthenticated, "That key is not an editor's key."));
        }
        await throttle.SucceededAsync(client, ct);
        var (token, session) = await sessions.CreateAsync(principal, ct);
        context.Response.Headers.SetCookie = $"{ConsoleSessions.CookieName}={token}; Path=/; HttpOnly; SameSite=Strict{(context.Request.IsHttps ? "; Secure" : "")}";
        return TypedResults.Ok(Answer(token, session));
    }

    public static async Task<Results<Ok<SessionAnswer>, NotSignedIn>> GetAsync(ConsoleSessions sessions, HttpContext context, CancellationToken ct)
    {
        context.Response.Headers.CacheControl = "private, no-store";
        if (ConsoleSessions.TokenOf(context) is { } token && await sessions.FindAsync(token, ct) is { } session)
            return TypedResults.Ok(Answer(token, session));
        return new NotSignedIn(new Rejection(RejectionKind.Unauthenticated, "Not signed in, or the session has expired."));
    }

    /// <summary>Signing out is a change like any other: a live session must send its CSRF token. A dead one is just cleared.</summary>
    public static async Task<Results<NoContent, CsrfMissing>> SignOutAsync(ConsoleSessions sessions, HttpContext context, CancellationToken ct)
    {
        if (ConsoleSessions.TokenOf(context) is { } token && await sessions.FindAsync(token, ct) is not null)
        {
            if (!ConsoleSessions.CsrfMatches(token, context.Request.Headers[ConsoleSessions.CsrfHeader]))
                return new CsrfMissing(new Rejection(RejectionKind.Forbidden, $"Signing out needs the {ConsoleSessions.CsrfHeader} header from /v1/session."));
            await sessions.DeleteAsync(token, ct);
        }
        context.Response.Headers.SetCookie =
            $"{ConsoleSessions.CookieName}=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; SameSite=Strict{(context.Request.IsHttps ? "; Secure" : "")}";
        return TypedResults.NoContent();
    }

    private static SessionAnswer Answer(string token, ConsoleSession session) =>
        new(session.Principal.Name, session.Principal.Role, ConsoleSessions.Csrf(token), session.ExpiresAt);
}

/// <summary>How signing in is refused: no key sent (400), a key that is no one's (401), too many wrong keys (429).</summary>
public sealed class SignInRefused(Rejection rejection) : TypedProblem(rejection), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        Declare(builder, RejectionKind.Invalid, RejectionKind.Unauthenticated, RejectionKind.TooManyRequests);
}

/// <summary>No live session: 401.</summary>
public sealed class NotSignedIn(Rejection rejection) : TypedProblem(rejection), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Declare(builder, RejectionKind.Unauthenticated);
}

/// <summary>A live session's change without its CSRF token: 403.</summary>
public sealed class CsrfMissing(Rejection rejection) : TypedProblem(rejection), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Declare(builder, RejectionKind.Forbidden);
}
