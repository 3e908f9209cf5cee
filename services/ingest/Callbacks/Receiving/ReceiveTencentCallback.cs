using Ingest.Tencent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

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

    // The body is read whatever its declared content type: a sender's wrong header must not lose its callback.
    private static async Task<IResult> HandleAsync(
        HttpContext context, TencentCallbackPipeline pipeline, AnswerCallback answer, IngestOptions options, CancellationToken ct)
    {
        var body = await CappedBody.ReadAsync(context.Request, options.MaxBodyBytes, ct);
        var result = body.Truncated
            ? AnswerCallback.TooLarge(body, options.MaxBodyBytes)
            : await pipeline.HandleAsync(body.Bytes, ReplayWaivers.None, ct);
        return await answer.AnswerAsync(context, TencentCallbackParser.Provider, body, result, ct);
    }
}
