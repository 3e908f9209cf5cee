using Microsoft.AspNetCore.Http;
using ServiceDefaults.Keys;
using ServiceDefaults.Problems;

namespace Ingest.Quarantine;

/// <summary>
/// Guards the operator endpoints with the services' one key check: <c>Authorization: Bearer &lt;key&gt;</c>, the key one
/// of <c>Ingest:Admins:&lt;name&gt;:Key</c> (or the deprecated <c>Ingest:AdminKeys:N</c>, named <c>admin-N</c>). The
/// deprecated <c>X-Admin-Key</c> header is still accepted for one release, and answered with <c>Deprecation: true</c>.
/// </summary>
public sealed class AdminKeyFilter(IConfiguration configuration) : IEndpointFilter
{
    public const string LegacyHeader = "X-Admin-Key";
    private readonly KeyRing _keys = new(KeyRing.FromConfiguration(configuration, IngestOptions.Section, "Admins", "AdminKeys", "admin"));

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        var bearer = KeyRing.Bearer(request.Headers.Authorization.ToString());
        var legacy = bearer is null && request.Headers.ContainsKey(LegacyHeader);
        if (_keys.Find(bearer ?? request.Headers[LegacyHeader].ToString()) is not null)
        {
            if (legacy) context.HttpContext.Response.Headers["Deprecation"] = "true";
            return next(context);
        }
        var detail = _keys.IsEmpty
            ? "No admin keys are configured (Ingest:Admins:<name>:Key)."
            : "Send Authorization: Bearer <an admin key of Ingest:Admins>.";
        context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
        return ValueTask.FromResult<object?>(Problems.Result(new Rejection(RejectionKind.Unauthenticated, detail)));
    }
}
