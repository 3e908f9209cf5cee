using System.Text.Json;

namespace Contracts.Recordings;

// The facts ingest learns from recording callbacks. All events of one live stream share one log stream
// (see LiveStreamIds), so their order per stream is the order ingest decided them.

/// <summary>
/// A recording file was finished. Times are normalised; <c>TimesInconsistent</c> says the sender's times disagreed.
/// <c>SessionId</c> is the sender's own recording session (IVS, LiveKit, Mux, ...) when it has one: it then decides the program.
/// <c>FoundBy</c> is <c>reconciliation</c> when ingest found the file by asking the sender (its callback was lost);
/// absent (events stored before it existed decode as absent) when the sender's callback reported it.
/// </summary>
public sealed record RecordingFileCreated(
    string StreamId,
    string AnchorId,
    string Provider,
    string FileId,
    string Format,
    string Url,
    long SizeBytes,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    double DurationSeconds,
    bool TimesInconsistent,
    string? TimesNote,
    RecordingDetails Details,
    string? SessionId = null,
    string? FoundBy = null);

/// <summary>The rest of the sender's payload, kept so nothing it said is lost.</summary>
public sealed record RecordingDetails(
    string? AppId,
    string? App,
    string? AppName,
    string? StreamParam,
    string? RecordTempId,
    string? TaskId,
    string? VideoId,
    string? RecordFileId,
    JsonElement? CallbackExt,
    JsonElement? Extra);

public enum SegmentReason
{
    /// <summary>The first file of a new program.</summary>
    ProgramStarted,
    /// <summary>The recorder cut the file at its interval; recording went on.</summary>
    IntervalCut,
    /// <summary>A gap before this file: the push stopped and resumed within the program.</summary>
    PushInterrupted,
    /// <summary>The file arrived after files that follow it in time.</summary>
    ArrivedLate,
}

/// <summary>
/// A recording file was placed in a program: the rendition of its format, at a 0-based index in time order
/// (start, then file id) as the program stood after this placement; a later, earlier-starting file shifts it.
/// A program's id is derived from the sender's session when it has one, else from its earliest file's start, so the
/// same files give the same ids in any arrival order.
/// </summary>
public sealed record StreamSegmented(
    string StreamId,
    string AnchorId,
    Guid ProgramId,
    string Format,
    string FileId,
    int Index,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    SegmentReason Reason,
    string? SessionId = null);

/// <summary>
/// A late file bridged two programs, or started before a program's first file: the survivor (the program's new,
/// earliest-start id) takes every file of the merged program, which ends here.
/// </summary>
public sealed record ProgramsMerged(
    string StreamId,
    string AnchorId,
    Guid SurvivorId,
    Guid MergedId,
    DateTimeOffset MergedAt);

/// <summary>The push of a live stream started (a cover candidate is not implied).</summary>
public sealed record StreamStarted(
    string StreamId,
    string AnchorId,
    string Provider,
    DateTimeOffset StartedAt,
    string? Sequence,
    string? StreamParam,
    string? UserIp,
    int? ErrorCode,
    string? ErrorMessage,
    JsonElement? Extra = null);

/// <summary>The push of a live stream was cut off.</summary>
public sealed record StreamEnded(
    string StreamId,
    string AnchorId,
    string Provider,
    DateTimeOffset EndedAt,
    string? Sequence,
    long? PushDurationMs,
    int? ErrorCode,
    string? ErrorMessage,
    JsonElement? Extra = null);

/// <summary>A screenshot of the stream was taken: a cover candidate for the program it falls in.</summary>
public sealed record ScreenshotTaken(
    string StreamId,
    string AnchorId,
    string Provider,
    string PictureUrl,
    string? FullPictureUrl,
    int? Width,
    int? Height,
    DateTimeOffset TakenAt,
    JsonElement? Extra = null);

/// <summary>The recorder reported a status change for a stream (Tencent event 332).</summary>
public sealed record RecordingStatusReported(string StreamId, string AnchorId, string Provider, DateTimeOffset ReportedAt, JsonElement Payload);

/// <summary>The recorder reported an error for a stream (Tencent event 341).</summary>
public sealed record RecordingErrorReported(string StreamId, string AnchorId, string Provider, DateTimeOffset ReportedAt, JsonElement Payload);

/// <summary>A callback of a type we do not model yet: kept whole, never refused.</summary>
public sealed record UnrecognisedCallbackReceived(string? StreamId, string Provider, string EventType, DateTimeOffset ReceivedAt, JsonElement Payload);
