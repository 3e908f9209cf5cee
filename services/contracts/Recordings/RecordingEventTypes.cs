using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Contracts.Recordings;

/// <summary>
/// The recording events' stable stored names (never CLR names) and JSON contracts. Both services register them with
/// their event log (<c>types.Register(RecordingEventTypes.All)</c>); the contracts themselves do not depend on the log.
/// </summary>
public static class RecordingEventTypes
{
    public const string ProgramsMerged = "programs-merged";

    public static readonly IReadOnlyList<(string Name, JsonTypeInfo TypeInfo)> All =
    [
        ("recording-file-created", RecordingEventsJson.Default.RecordingFileCreated),
        ("stream-segmented", RecordingEventsJson.Default.StreamSegmented),
        (ProgramsMerged, RecordingEventsJson.Default.ProgramsMerged),
        ("stream-started", RecordingEventsJson.Default.StreamStarted),
        ("stream-ended", RecordingEventsJson.Default.StreamEnded),
        ("screenshot-taken", RecordingEventsJson.Default.ScreenshotTaken),
        ("recording-status-reported", RecordingEventsJson.Default.RecordingStatusReported),
        ("recording-error-reported", RecordingEventsJson.Default.RecordingErrorReported),
        ("unrecognised-callback-received", RecordingEventsJson.Default.UnrecognisedCallbackReceived),
    ];
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RecordingFileCreated))]
[JsonSerializable(typeof(StreamSegmented))]
[JsonSerializable(typeof(ProgramsMerged))]
[JsonSerializable(typeof(StreamStarted))]
[JsonSerializable(typeof(StreamEnded))]
[JsonSerializable(typeof(ScreenshotTaken))]
[JsonSerializable(typeof(RecordingStatusReported))]
[JsonSerializable(typeof(RecordingErrorReported))]
[JsonSerializable(typeof(UnrecognisedCallbackReceived))]
internal sealed partial class RecordingEventsJson : JsonSerializerContext;
