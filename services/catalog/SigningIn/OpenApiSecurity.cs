using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Catalog.SigningIn;

/// <summary>Endpoint metadata: the operation needs an editor's or an admin's key (Bearer) or a console session (cookie + CSRF header).</summary>
public sealed record RequiresPrincipal(string Role);

/// <summary>Declares the two ways to authenticate in the OpenAPI document and marks the operations that need one.</summary>
public static class OpenApiSecurity
{
    public const string Bearer = "bearer";
    public const string Session = "consoleSession";

    public static OpenApiOptions AddCatalogSecurity(this OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[Bearer] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An editor's or admin's key: Authorization: Bearer <key> (Catalog:Editors:<name>:Key, Catalog:Admins:<name>:Key).",
            };
            document.Components.SecuritySchemes[Session] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Cookie,
                Name = ConsoleSessions.CookieName,
                Description = "The console's session from POST /v1/session; a change made with it also needs the X-CSRF-Token header.",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            if (context.Description.ActionDescriptor.EndpointMetadata.OfType<RequiresPrincipal>().FirstOrDefault() is not { } requires) return Task.CompletedTask;
            operation.Security ??= [];
            // Either scheme alone is enough: two requirements, not one with both.
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Bearer, context.Document)] = [] });
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Session, context.Document)] = [] });
            operation.Description = $"Needs an {requires.Role}: a Bearer key, or the console's session cookie with X-CSRF-Token on changes.";
            return Task.CompletedTask;
        });
        return options;
    }
}
