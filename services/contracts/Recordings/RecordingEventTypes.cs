using System.Text.Json.Serialization;
using EventLog;

namespace Contracts.Recordings;

public static class RecordingEventTypes
{
    /// <summary>Registers every recording event under its stable stored name.</summary>
    public static EventTypeRegistry AddRecordingEvents(this EventTypeRegistry types)
    {
        var json = RecordingEventsJson.Default;
        return types
            .Register("recording-file-created", json.RecordingFileCreated)
            .Register("stream-segmented", json.StreamSegmented)
            .Register("programs-merged", json.ProgramsMerged)
            .Register("stream-started", json.StreamStarted)
            .Register("stream-ended", json.StreamEnded)
            .Register("screenshot-taken", json.ScreenshotTaken)
            .Register("recording-status-reported", json.RecordingStatusReported)
            .Register("recording-error-reported", json.RecordingErrorReported)
            .Register("unrecognised-callback-received", json.UnrecognisedCallbackReceived);
    }
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
