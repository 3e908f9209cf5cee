using Catalog.Anchors.Listing;
using Catalog.Feeds.Getting;
using Catalog.Feeds.Listing;
using Catalog.Feeds.Watching;
using Catalog.Grpc.Transport;
using Catalog.Grpc.V1;
using Catalog.Programs.Getting;
using Catalog.Programs.Listing;
using Catalog.Projections;
using Catalog.Replicas;
using Google.Protobuf.WellKnownTypes;
using ProgramMessage = Catalog.Grpc.V1.Program;

namespace Catalog.Grpc;

/// <summary>
/// <c>catalog.v1.CatalogService</c>: thin adapters over the same query classes the REST endpoints call. Proto3
/// defaults (0, "") mean "not given", as an absent query parameter does in REST. A unary query that loses its replica
/// mid-call runs again on the primary, as a REST read does (<see cref="ReplicaFallback"/>).
/// </summary>
public sealed class CatalogGrpcService(ListAnchorPrograms listPrograms, GetProgram getProgram, GetFeed getFeed, WatchFeed watchFeed,
    ListPrograms programsAcrossAnchors, ListAnchors anchors, ListFeeds feeds, ReadModelDatabase database)
{
    public async Task<ListAnchorProgramsResponse> ListAnchorPrograms(ListAnchorProgramsRequest request, GrpcCallContext call)
    {
        if (request.AnchorId.Length == 0) throw new ValidationException("anchor_id is required.");
        var (limit, cursor, from, to) = (Limit(request.Limit), Cursor(request.Cursor), Time(request.From, "from"), Time(request.To, "to"));
        var page = await database.ReadAsync(() => listPrograms.QueryAsync(request.AnchorId, limit, cursor, from, to, call.CancellationToken));
        return new ListAnchorProgramsResponse
        {
            Programs = { page.Items.Select(p => p.ToMessage()) },
            NextCursor = page.NextCursor ?? "",
        };
    }

    public async Task<ProgramMessage> GetProgram(GetProgramRequest request, GrpcCallContext call)
    {
        if (!Guid.TryParse(request.Id, out var id)) throw new ValidationException("id must be a program id (a UUID).");
        var program = await database.ReadAsync(() => getProgram.QueryAsync(id, call.CancellationToken)) ?? throw new NotFoundException($"There is no program {id}.");
        return program.ToMessage();
    }

    public async Task<Feed> GetFeed(GetFeedRequest request, GrpcCallContext call)
    {
        var (limit, cursor) = (Limit(request.Limit), Cursor(request.Cursor));
        var page = await database.ReadAsync(() => getFeed.QueryAsync(request.FeedId, limit, cursor, call.CancellationToken))
            ?? throw new NotFoundException($"There is no feed '{request.FeedId}'.");
        return page.ToMessage();
    }

    /// <summary>The first page now, then every later version in order, until the call is cancelled or its deadline passes.</summary>
    public async Task WatchFeed(WatchFeedRequest request, IGrpcStreamWriter<Feed> writer, GrpcCallContext call)
    {
        await foreach (var page in watchFeed.WatchAsync(request.FeedId, Limit(request.Limit), call.CancellationToken))
            await writer.WriteAsync(page.ToMessage(), call.CancellationToken);
    }

    public async Task<ListProgramsResponse> ListPrograms(ListProgramsRequest request, GrpcCallContext call)
    {
        var query = new ProgramsQuery(request.AnchorId.Length == 0 ? null : request.AnchorId, Limit(request.Limit),
            Cursor(request.Cursor), Time(request.From, "from"), Time(request.To, "to"));
        var page = await database.ReadAsync(() => programsAcrossAnchors.QueryAsync(query, call.CancellationToken));
        return new ListProgramsResponse { Programs = { page.Items.Select(p => p.ToMessage()) }, NextCursor = page.NextCursor ?? "" };
    }

    public async Task<ListAnchorsResponse> ListAnchors(ListAnchorsRequest request, GrpcCallContext call)
    {
        var (limit, cursor) = (Limit(request.Limit), Cursor(request.Cursor));
        var page = await database.ReadAsync(() => anchors.QueryAsync(request.Prefix, limit, cursor, includeHidden: false, call.CancellationToken));
        return new ListAnchorsResponse { Anchors = { page.Items.Select(a => a.ToMessage()) }, NextCursor = page.NextCursor ?? "" };
    }

    public async Task<ListFeedsResponse> ListFeeds(ListFeedsRequest request, GrpcCallContext call)
    {
        var list = await database.ReadAsync(() => feeds.QueryAsync(includeHidden: false, call.CancellationToken));
        return new ListFeedsResponse { Feeds = { list.Items.Select(f => f.ToMessage()) } };
    }

    private static int? Limit(int limit) => limit == 0 ? null : limit;

    private static string? Cursor(string cursor) => cursor.Length == 0 ? null : cursor;

    private static DateTimeOffset? Time(Timestamp? value, string field)
    {
        if (value is null) return null;
        try
        {
            return value.ToDateTimeOffset();
        }
        catch (InvalidOperationException)
        {
            throw new ValidationException($"{field} is not a valid timestamp.");
        }
    }
}
