namespace Catalog.SigningIn;

public static class SigningInModule
{
    /// <summary>Named keys, console sessions in PostgreSQL, the sign-in throttle and the request's principal.</summary>
    public static IServiceCollection AddSigningIn(this IServiceCollection services)
    {
        services.AddSingleton<CatalogKeys>();
        services.AddSingleton<ConsoleSchema>();
        services.AddSingleton<ConsoleSessions>();
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<Principals>();
        return services;
    }

    /// <summary><c>/v1/session</c>: sign in with a key, read the session, sign out.</summary>
    public static IEndpointRouteBuilder MapSigningIn(this IEndpointRouteBuilder app)
    {
        var session = app.MapGroup("/v1/session").WithTags("Console session");
        session.MapPost("", SessionEndpoints.SignInAsync).WithName("SignIn")
            .WithDescription("Signs in with an editor's (or admin's) key: sets the HttpOnly catalog_session cookie and answers the CSRF token.");
        session.MapGet("", SessionEndpoints.GetAsync).WithName("GetSession");
        session.MapDelete("", SessionEndpoints.SignOutAsync).WithName("SignOut");
        return app;
    }

    /// <summary>Marks an endpoint as needing an editor (for the OpenAPI document; the handler checks).</summary>
    public static RouteHandlerBuilder ForEditors(this RouteHandlerBuilder endpoint) =>
        endpoint.WithMetadata(new RequiresPrincipal(CatalogKeys.EditorRole)).ProducesProblem(401).ProducesProblem(403);

    public static RouteHandlerBuilder ForAdmins(this RouteHandlerBuilder endpoint) =>
        endpoint.WithMetadata(new RequiresPrincipal(CatalogKeys.AdminRole)).ProducesProblem(401).ProducesProblem(403);
}
