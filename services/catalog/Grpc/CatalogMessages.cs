using Catalog.Anchors.Listing;
using Catalog.Feeds.Getting;
using Catalog.Grpc.V1;
using Catalog.Programs;
using Google.Protobuf.WellKnownTypes;
using ProgramMessage = Catalog.Grpc.V1.Program;

namespace Catalog.Grpc;

/// <summary>The query results as protobuf messages: field for field what REST answers, absent values as proto3 defaults.</summary>
internal static class CatalogMessages
{
    public static ProgramMessage ToMessage(this ProgramView view) => new()
    {
        Id = view.Id.ToString(),
        AnchorId = view.AnchorId,
        StreamId = view.StreamId,
        StartedAt = Time(view.StartedAt),
        EndedAt = Time(view.EndedAt),
        DurationSeconds = view.DurationSeconds,
        Renditions = { view.Renditions.Select(ToMessage) },
        Gaps = { view.Gaps.Select(g => new Gap { StartedAt = Time(g.StartedAt), EndedAt = Time(g.EndedAt) }) },
        CoverUrl = view.CoverUrl ?? "",
        Flags = new V1.ProgramFlags { Short = view.Flags.Short, InconsistentTimes = view.Flags.InconsistentTimes, Merged = view.Flags.Merged },
        MergedFrom = { view.MergedFrom.Select(id => id.ToString()) },
        MergedInto = view.MergedInto?.ToString() ?? "",
    };

    public static Feed ToMessage(this FeedPage page) => new()
    {
        Id = page.Id,
        Title = page.Title,
        Version = page.Version,
        CreatedBy = page.CreatedBy,
        CreatedAt = Time(page.CreatedAt),
        UpdatedAt = Time(page.UpdatedAt),
        TotalItems = page.TotalItems,
        Items = { page.Items.Select(ToMessage) },
        NextCursor = page.NextCursor ?? "",
    };

    public static Anchor ToMessage(this AnchorSummary anchor) => new()
    {
        AnchorId = anchor.AnchorId,
        ProgramCount = anchor.ProgramCount,
        LatestProgramAt = Time(anchor.LatestProgramAt),
    };

    public static V1.FeedSummary ToMessage(this Feeds.Listing.FeedSummary feed) => new()
    {
        Id = feed.Id,
        Title = feed.Title,
        ItemCount = feed.ItemCount,
        Version = feed.Version,
        UpdatedAt = Time(feed.UpdatedAt),
    };

    private static Rendition ToMessage(RenditionView rendition) => new()
    {
        Format = rendition.Format,
        DurationSeconds = rendition.DurationSeconds,
        Files =
        {
            rendition.Files.Select(f => new RecordingFile
            {
                Index = f.Index,
                FileId = f.FileId,
                Url = f.Url,
                SizeBytes = f.SizeBytes,
                StartedAt = Time(f.StartedAt),
                EndedAt = Time(f.EndedAt),
            }),
        },
    };

    private static FeedItem ToMessage(FeedPageItem item) => new()
    {
        Position = item.Position,
        ProgramId = item.ProgramId.ToString(),
        Note = item.Note ?? "",
        FeaturedBy = item.FeaturedBy,
        FeaturedAt = Time(item.FeaturedAt),
        Program = item.Program?.ToMessage(),
    };

    private static Timestamp Time(DateTimeOffset value) => Timestamp.FromDateTimeOffset(value);
}
