using Ingest.Committing;
using Ingest.Quarantine;
using Ingest.Tencent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Npgsql;

namespace Ingest.Callbacks.Receiving;

/// <summary><c>POST /callbacks/tencent</c>: 200 <c>{"code":0}</c> only once the callback's events are committed.</summary>
public static class ReceiveTencentCallback
{
    public const string Path = "/callbacks/tencent";

    public static IEndpointRouteBuilder MapReceiveTencentCallback(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, HandleAsync).WithName("ReceiveTencentCallback").DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> HandleAsync(
        HttpContext context, TencentCallbackPipeline pipeline, QuarantineStore quarantine, IngestOptions options, CancellationToken ct)
    {
        var body = await CappedBody.ReadAsync(context.Request, options.MaxBodyBytes, ct);
        var result = body.Truncated
            ? new CallbackResult(null, new Refusal(RefusalKind.BodyTooLarge,
                $"The body has {(body.TotalLength is { } n ? n.ToString() : "more than 16 MiB of")} bytes; the limit is {options.MaxBodyBytes}."))
            : await pipeline.HandleAsync(body.Bytes, ReplayWaivers.None, ct);

        if (result.Refusal is null)
        {
            IngestTelemetry.Count(TencentCallbackParser.Provider, result.Committed == CommitStatus.Duplicate ? "duplicate" : "appended");
            return Results.Json(new { code = 0 });
        }
        var refusal = result.Refusal;
        IngestTelemetry.Count(TencentCallbackParser.Provider, CallbackProblems.Kebab(refusal.Kind));
        if (refusal.Kind == RefusalKind.Unavailable) return CallbackProblems.ToResult(refusal);
        try
        {
            var id = await quarantine.AddAsync(Entry(context, body, refusal), ct);
            return CallbackProblems.ToResult(refusal, id);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            // Without quarantine the evidence would be lost: ask the sender to retry instead.
            return CallbackProblems.ToResult(new Refusal(RefusalKind.Unavailable, $"{refusal.Detail} It could not be quarantined: {ex.Message}"));
        }
    }

    private static readonly HashSet<string> SecretHeaders = new(StringComparer.OrdinalIgnoreCase) { "Authorization", "Cookie", "X-Admin-Key" };

    private static QuarantineEntry Entry(HttpContext context, CappedBody body, Refusal refusal) => new(
        TencentCallbackParser.Provider,
        context.Request.Path + context.Request.QueryString,
        CallbackProblems.Kebab(refusal.Kind),
        refusal.Detail,
        refusal.StatusCode,
        context.Request.Headers.Where(h => !SecretHeaders.Contains(h.Key)).ToDictionary(h => h.Key, h => h.Value.ToString()),
        body.Bytes,
        body.TotalLength,
        body.Truncated);
}
