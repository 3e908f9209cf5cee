using Ingest.Callbacks.Checking;
using Ingest.Committing;
using Ingest.Quarantine;
using Ingest.Senders;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Ingest.Callbacks.Receiving;

/// <summary>
/// <c>POST /callbacks/{sender}</c>: the sender's expected answer only once the callback's events are committed; a
/// refusal is quarantined and answered with a problem document.
/// </summary>
public static partial class ReceiveCallback
{
    public static IEndpointRouteBuilder MapReceiveCallbacks(this IEndpointRouteBuilder app, IEnumerable<ISender> senders)
    {
        foreach (var sender in senders)
            app.MapPost(SenderPaths.Of(sender), (HttpContext context, CallbackPipeline pipeline, QuarantineStore quarantine,
                    IngestOptions options, TimeProvider clock, CancellationToken ct) => HandleAsync(sender, context, pipeline, quarantine, options, clock, ct))
                .WithName($"Receive{string.Concat(sender.Provider.Split('-').Select(p => char.ToUpperInvariant(p[0]) + p[1..]))}Callback")
                .WithMetadata(SenderAcknowledgement.Describe(sender))
                .DisableAntiforgery();
        return app;
    }

    // The body is read whatever its declared content type: a sender's wrong header must not lose its callback.
    private static async Task<Results<SenderAcknowledgement, CallbackRefused>> HandleAsync(
        ISender sender, HttpContext context, CallbackPipeline pipeline, QuarantineStore quarantine, IngestOptions options, TimeProvider clock, CancellationToken ct)
    {
        var body = await CappedBody.ReadAsync(context.Request, options.MaxBodyBytes, ct);
        var result = body.Truncated
            ? new CallbackResult(null, new Refusal(RefusalKind.BodyTooLarge,
                $"The body has {(body.TotalLength is { } n ? n.ToString() : "more than 16 MiB of")} bytes; the limit is {options.MaxBodyBytes}."))
            : await pipeline.HandleAsync(sender, Request(context, body, clock.GetUtcNow()), ReplayWaivers.None, ct);

        if (result.Refusal is null)
        {
            IngestTelemetry.Count(sender.Provider, result.Committed == CommitStatus.Duplicate ? "duplicate" : "appended");
            return new SenderAcknowledgement(sender.Acknowledge());
        }
        var refusal = result.Refusal;
        IngestTelemetry.Count(sender.Provider, refusal.Reason);
        if (refusal.Kind == RefusalKind.Unavailable) return new CallbackRefused(refusal);
        try
        {
            var id = await quarantine.AddAsync(Entry(sender, context, body, refusal), ct);
            return new CallbackRefused(refusal, id);
        }
        catch (Exception ex) when (IsUnavailable(ex))
        {
            // Without quarantine the evidence would be lost: ask the sender to retry instead.
            return new CallbackRefused(new Refusal(RefusalKind.Unavailable, $"{refusal.Detail} It could not be quarantined now."));
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ReceiveCallback));
            LogQuarantineFailed(logger, ex, sender.Provider, refusal.QuarantineDetail);
            return new CallbackRefused(Refusal.Internal(ex));
        }
    }

    /// <summary>The database is down or unreachable (not: it refused this statement's data).</summary>
    public static bool IsUnavailable(Exception ex) =>
        ex is TimeoutException or System.Net.Sockets.SocketException || (ex is NpgsqlException npgsql && (npgsql is not PostgresException || npgsql.IsTransient));

    [LoggerMessage(LogLevel.Error, "A refused {Provider} callback could not be quarantined ({Detail})")]
    private static partial void LogQuarantineFailed(ILogger logger, Exception ex, string provider, string detail);

    private static SenderRequest Request(HttpContext context, CappedBody body, DateTimeOffset now) =>
        SenderRequest.WithHeaders(body.Bytes, new RequestHeaders(context.Request.Headers), context.Request.QueryString.Value ?? "", now);

    private static readonly HashSet<string> SecretHeaders = new(StringComparer.OrdinalIgnoreCase) { "Authorization", "Cookie", "X-Admin-Key" };

    // Evidence is kept whatever it holds: text PostgreSQL cannot store is replaced (the raw body is kept as bytes).
    private static QuarantineEntry Entry(ISender sender, HttpContext context, CappedBody body, Refusal refusal) => new(
        sender.Provider,
        StorableText.Sanitize(context.Request.Path + MaskedQuery(context.Request.Query, sender.SecretQueryParameters)),
        refusal.Reason,
        StorableText.Sanitize(refusal.QuarantineDetail),
        refusal.StatusCode,
        context.Request.Headers
            .Where(h => !SecretHeaders.Contains(h.Key) && !sender.SecretHeaders.Contains(h.Key, StringComparer.OrdinalIgnoreCase))
            .ToDictionary(h => StorableText.Sanitize(h.Key), h => StorableText.Sanitize(h.Value.ToString())),
        body.Bytes,
        body.TotalLength,
        body.Truncated);

    /// <summary>The query as received, with the values of credential parameters masked: quarantine is evidence, not a key store.</summary>
    private static string MaskedQuery(IQueryCollection query, IReadOnlyCollection<string> secrets) =>
        QueryString.Create(query.SelectMany(p => p.Value.Select(v =>
            KeyValuePair.Create(p.Key, secrets.Contains(p.Key, StringComparer.Ordinal) ? (string?)"***" : v)))).Value ?? "";
}
