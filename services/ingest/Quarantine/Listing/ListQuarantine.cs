using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Ingest.Quarantine.Listing;

/// <summary>A quarantined callback as operators see it: the body as text when it is UTF-8, and always in base64.</summary>
public sealed record QuarantineItem(
    long Id,
    DateTimeOffset ReceivedAt,
    string Provider,
    string Path,
    string Reason,
    string Detail,
    int StatusCode,
    IReadOnlyDictionary<string, string> Headers,
    string? Body,
    string BodyBase64,
    long? BodyLength,
    bool BodyTruncated,
    DateTimeOffset? ReplayedAt,
    int? ReplayStatus,
    string? ReplayDetail)
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    public static QuarantineItem From(QuarantinedCallback q)
    {
        string? text;
        try { text = StrictUtf8.GetString(q.Entry.Body); }
        catch (DecoderFallbackException) { text = null; }
        return new(q.Id, q.ReceivedAt, q.Entry.Provider, q.Entry.Path, q.Entry.Reason, q.Entry.Detail, q.Entry.StatusCode,
            q.Entry.Headers, text, Convert.ToBase64String(q.Entry.Body), q.Entry.BodyLength, q.Entry.BodyTruncated,
            q.ReplayedAt, q.ReplayStatus, q.ReplayDetail);
    }
}

/// <summary><c>GET /admin/quarantine?all=false&amp;after=0&amp;limit=100</c> and <c>GET /admin/quarantine/{id}</c>.</summary>
public static class ListQuarantine
{
    public static RouteGroupBuilder MapListQuarantine(this RouteGroupBuilder admin)
    {
        admin.MapGet("/", ListAsync).WithName("ListQuarantine");
        admin.MapGet("/{id:long}", GetAsync).WithName("GetQuarantined");
        return admin;
    }

    private static async Task<Ok<QuarantineItem[]>> ListAsync(QuarantineStore store, bool? all, long? after, int? limit, CancellationToken ct)
    {
        var items = await store.ListAsync(pendingOnly: all != true, after ?? 0, Math.Clamp(limit ?? 100, 1, 1000), ct);
        return TypedResults.Ok(items.Select(QuarantineItem.From).ToArray());
    }

    private static async Task<Results<Ok<QuarantineItem>, NotFoundProblem>> GetAsync(QuarantineStore store, long id, CancellationToken ct) =>
        await store.GetAsync(id, ct) is { } q
            ? TypedResults.Ok(QuarantineItem.From(q))
            : Problems.NotFound($"Id {id} is not in quarantine.");
}
