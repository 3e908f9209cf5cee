using System.Globalization;
using Catalog.Programs;
using EventLog;

namespace Catalog.Feeds.Curating;

public sealed record PutFeedRequest(string? Title);

public sealed record FeatureProgramRequest(int? Position, string? Note);

/// <summary>The feed after a curation command and whether the command created it, or why the command was refused.</summary>
public sealed record CurationResult(FeedState? Feed, bool Created, Rejection? Refused = null);

/// <summary>
/// Curation commands: fold the feed's stream, decide (pure), append at the version folded, or at the version the
/// editor's If-Match names. Someone else's edit in between makes the append fail: 412, never a silent overwrite.
/// </summary>
public sealed class CurateFeed(EventStore store, ProgramsReadModel programs, TimeProvider clock)
{
    private readonly ProgramsReadModel _programs = programs.OnPrimary();

    public Task<CurationResult> PutAsync(string feedId, string title, string editor, long? ifMatch, CancellationToken ct) =>
        ExecuteAsync(feedId, ifMatch, state => FeedDecisions.Put(state, feedId, title, editor, clock.GetUtcNow()), ct);

    public async Task<CurationResult> FeatureAsync(string feedId, Guid programId, int? position, string? note, string editor, long? ifMatch, CancellationToken ct)
    {
        // A featured program must exist; a merged one is featured as its survivor.
        if (await _programs.ResolveAsync(programId, ct) is not { } program)
            return new CurationResult(null, false, Rejection.NotFound($"There is no program {programId}."));
        return await ExecuteAsync(feedId, ifMatch, state => FeedDecisions.Feature(state, feedId, program.Id, position, note, editor, clock.GetUtcNow()), ct);
    }

    public async Task<CurationResult> UnfeatureAsync(string feedId, Guid programId, string editor, long? ifMatch, CancellationToken ct)
    {
        var resolved = (await _programs.ResolveAsync(programId, ct))?.Id ?? programId;
        return await ExecuteAsync(feedId, ifMatch, state => FeedDecisions.Unfeature(state, feedId, resolved, editor, clock.GetUtcNow()), ct);
    }

    private async Task<CurationResult> ExecuteAsync(string feedId, long? ifMatch, Func<FeedState?, Decision> decide, CancellationToken ct)
    {
        if (CheckId(feedId) is { } badId) return new CurationResult(null, false, badId);
        var streamId = FeedEventTypes.StreamId(feedId);
        var state = await FoldAsync(streamId, ct);
        var version = state?.Version ?? 0;
        // If-Match: * asks only that the feed exists.
        if (ifMatch is { } expected && (expected == AnyVersion ? state is null : expected != version))
            return new CurationResult(null, false, EditConflict.At(version));

        var decision = decide(state);
        if (decision.Refused is { } refused) return new CurationResult(null, false, refused);
        var events = decision.ToArray();
        if (events.Length == 0) return new CurationResult(state!, false);
        AppendResult appended;
        try
        {
            appended = await store.AppendAsync(new AppendRequest(streamId, ExpectedVersion.From(version), events), ct);
        }
        catch (WrongExpectedVersionException conflict)
        {
            CatalogTelemetry.CurationCommands.Add(1, new KeyValuePair<string, object?>("outcome", "conflict"));
            return new CurationResult(null, false, EditConflict.Of(conflict));
        }
        CatalogTelemetry.CurationCommands.Add(1, new KeyValuePair<string, object?>("outcome", "appended"));
        var next = state;
        for (var i = 0; i < events.Length; i++)
            next = FeedState.Evolve(next, events[i], appended.StreamVersion - events.Length + 1 + i);
        return new CurationResult(next!, state is null);
    }

    /// <summary>The feed as its stream says, with items of merged programs following their survivors.</summary>
    private async Task<FeedState?> FoldAsync(string streamId, CancellationToken ct)
    {
        FeedState? state = null;
        foreach (var e in await store.ReadStreamAsync(streamId, ct: ct)) state = FeedState.Evolve(state, e.Data, e.StreamVersion);
        if (state is null || state.Items.Count == 0) return state;
        var resolved = await _programs.ResolveManyAsync(state.Items.Select(i => i.ProgramId).ToArray(), ct);
        foreach (var (asked, found) in resolved)
            if (asked != found.Id) state = state.FollowMerge(asked, found.Id);
        return state;
    }

    public const long AnyVersion = -1;

    /// <summary>Why a feed id is refused, or null when it is well formed.</summary>
    public static Rejection? CheckId(string feedId) =>
        feedId.Length is 0 or > 64 || !feedId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            ? Rejection.Invalid("A feed id has 1 to 64 letters, digits, '-' or '_'.")
            : null;

    /// <summary>For readers shared with gRPC, where a malformed id is an exception its transport maps.</summary>
    public static void ValidateId(string feedId)
    {
        if (CheckId(feedId) is { } refused) throw new ValidationException(refused.Detail);
    }

    public static readonly Rejection ForeignIfMatch = Rejection.Invalid("If-Match must be an ETag this API gave out.");

    /// <summary>
    /// The version an If-Match names: <c>"7"</c> from a write, or <c>"7-…"</c> from a read; <c>*</c> means any existing
    /// version; null when there is none. False when it is not an ETag this API gave out.
    /// </summary>
    public static bool TryParseIfMatch(string? header, out long? version)
    {
        version = null;
        if (string.IsNullOrWhiteSpace(header)) return true;
        var tag = header.Trim();
        if (tag == "*")
        {
            version = AnyVersion;
            return true;
        }
        if (tag.StartsWith("W/", StringComparison.Ordinal)) tag = tag[2..];
        tag = tag.Trim('"');
        var dash = tag.IndexOf('-');
        if (dash >= 0) tag = tag[..dash];
        if (!long.TryParse(tag, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)) return false;
        version = parsed;
        return true;
    }
}
