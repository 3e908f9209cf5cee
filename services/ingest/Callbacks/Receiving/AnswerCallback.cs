using System.Net.Sockets;
using Ingest.Callbacks.Checking;
using Ingest.Committing;
using Ingest.Quarantine;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Ingest.Callbacks.Receiving;

/// <summary>
/// A callback's result as its sender's answer, the same for every sender: <c>200 {"code":0}</c> once committed; a
/// refusal is quarantined (with its cause) and answered as a problem naming its quarantine id; 503 only when the
/// database cannot take the callback nor its quarantine.
/// </summary>
public sealed partial class AnswerCallback(QuarantineStore quarantine, ILogger<AnswerCallback> logger)
{
    private static readonly HashSet<string> SecretHeaders = new(StringComparer.OrdinalIgnoreCase) { "Authorization", "Cookie", "X-Admin-Key" };

    public async Task<IResult> AnswerAsync(HttpContext context, string provider, CappedBody body, CallbackResult result, CancellationToken ct)
    {
        if (result.Refusal is null)
        {
            IngestTelemetry.Count(provider, result.Committed == CommitStatus.Duplicate ? "duplicate" : "appended");
            return Results.Json(new { code = 0 });
        }
        var refusal = result.Refusal;
        IngestTelemetry.Count(provider, CallbackProblems.Kebab(refusal.Kind));
        if (refusal.Kind == RefusalKind.Unavailable) return CallbackProblems.ToResult(refusal);
        try
        {
            var id = await quarantine.AddAsync(Entry(context, provider, body, refusal), ct);
            return CallbackProblems.ToResult(refusal, id);
        }
        catch (Exception ex) when (IsUnavailable(ex))
        {
            // Without quarantine the evidence would be lost: ask the sender to retry instead.
            return CallbackProblems.ToResult(new Refusal(RefusalKind.Unavailable, $"{refusal.Detail} It could not be quarantined now."));
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            LogQuarantineFailed(logger, ex, provider, refusal.QuarantineDetail);
            return CallbackProblems.ToResult(Refusal.Internal(ex));
        }
    }

    /// <summary>The refusal of a body cut at the size limit.</summary>
    public static CallbackResult TooLarge(CappedBody body, int limit) => CallbackResult.Refused(new Refusal(RefusalKind.BodyTooLarge,
        $"The body has {(body.TotalLength is { } n ? n.ToString() : "more than 16 MiB of")} bytes; the limit is {limit}."));

    /// <summary>The database is down or unreachable (not: it refused this statement's data).</summary>
    public static bool IsUnavailable(Exception ex) =>
        ex is TimeoutException or SocketException || (ex is NpgsqlException npgsql && (npgsql is not PostgresException || npgsql.IsTransient));

    // Evidence is kept whatever it holds: text PostgreSQL cannot store is replaced, the raw body is bytes.
    private static QuarantineEntry Entry(HttpContext context, string provider, CappedBody body, Refusal refusal) => new(
        provider,
        StorableText.Sanitize(context.Request.Path + context.Request.QueryString),
        CallbackProblems.Kebab(refusal.Kind),
        StorableText.Sanitize(refusal.QuarantineDetail),
        refusal.StatusCode,
        context.Request.Headers.Where(h => !SecretHeaders.Contains(h.Key))
            .ToDictionary(h => StorableText.Sanitize(h.Key), h => StorableText.Sanitize(h.Value.ToString())),
        body.Bytes,
        body.TotalLength,
        body.Truncated);

    [LoggerMessage(LogLevel.Error, "A refused {Provider} callback could not be quarantined ({Detail})")]
    private static partial void LogQuarantineFailed(ILogger logger, Exception ex, string provider, string detail);
}
