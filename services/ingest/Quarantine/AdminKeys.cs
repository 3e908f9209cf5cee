using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Ingest.Quarantine;

/// <summary>Guards the operator endpoints: header <c>X-Admin-Key</c> must be one of <c>Ingest:AdminKeys</c>.</summary>
public sealed class AdminKeyFilter(IngestOptions options) : IEndpointFilter
{
    public const string Header = "X-Admin-Key";
    private readonly byte[][] _keys = options.AdminKeys.Where(k => k.Length > 0).Select(Encoding.UTF8.GetBytes).ToArray();

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var given = Encoding.UTF8.GetBytes(context.HttpContext.Request.Headers[Header].ToString());
        var ok = false;
        foreach (var key in _keys) ok |= CryptographicOperations.FixedTimeEquals(given, key);
        if (ok) return next(context);
        var detail = _keys.Length == 0 ? "No admin keys are configured (Ingest:AdminKeys)." : $"Send a valid {Header} header.";
        return ValueTask.FromResult<object?>(Results.Problem(new ProblemDetails
        {
            Status = StatusCodes.Status401Unauthorized,
            Title = "An admin key is required.",
            Detail = detail,
        }));
    }
}
