using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Catalog.Feeds;
using Catalog.Feeds.Curating;
using Catalog.Feeds.Getting;
using Catalog.Programs;
using Catalog.Programs.Listing;

namespace Catalog;

// One source-generated contract for everything the catalog stores or answers: property order is declaration
// order and times are written one way, so the same state always serializes to the same bytes.
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    Converters = [typeof(UtcTimeConverter)])]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(ProgramState))]
[JsonSerializable(typeof(ProgramView))]
[JsonSerializable(typeof(ProgramsPage))]
[JsonSerializable(typeof(Catalog.Programs.Moderating.ProgramHidden))]
[JsonSerializable(typeof(Catalog.Programs.Moderating.ProgramRestored))]
[JsonSerializable(typeof(Catalog.Programs.Moderating.HideProgramRequest))]
[JsonSerializable(typeof(Catalog.Programs.Moderating.ModerationAnswer))]
[JsonSerializable(typeof(Catalog.Feeds.Listing.FeedList))]
[JsonSerializable(typeof(Catalog.Anchors.Listing.AnchorsPage))]
[JsonSerializable(typeof(Catalog.SigningIn.SignInRequest))]
[JsonSerializable(typeof(Catalog.SigningIn.SessionAnswer))]
[JsonSerializable(typeof(FeedState))]
[JsonSerializable(typeof(FeedCreated))]
[JsonSerializable(typeof(FeedRetitled))]
[JsonSerializable(typeof(ProgramFeatured))]
[JsonSerializable(typeof(ProgramUnfeatured))]
[JsonSerializable(typeof(ProgramMoved))]
[JsonSerializable(typeof(PutFeedRequest))]
[JsonSerializable(typeof(FeatureProgramRequest))]
[JsonSerializable(typeof(FeedPage))]
[JsonSerializable(typeof(FeedHistory))]
[JsonSerializable(typeof(Catalog.Projections.ProjectionStatus[]))]
[JsonSerializable(typeof(Catalog.Projections.Rebuilding.RebuildAccepted))]
internal sealed partial class CatalogJson : JsonSerializerContext;

/// <summary>ISO 8601 in UTC with a Z, and no trailing zeros: one spelling per instant.</summary>
internal sealed class UtcTimeConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Format(value));

    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
