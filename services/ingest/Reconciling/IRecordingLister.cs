using Ingest.LiveStreams;

namespace Ingest.Reconciling;

/// <summary>
/// A sender's own listing of the recordings it made: the second way in when its callbacks were lost. Each recording
/// comes back as the very callback the sender would have sent (same log stream, same idempotency key), so whichever
/// path arrives second is a duplicate. Tencent's VOD SearchMedia is one; LiveKit's ListEgress or an IVS bucket
/// listing would be others.
/// </summary>
public interface IRecordingLister
{
    /// <summary>The provider whose callbacks these recordings stand in for (<c>tencent</c>).</summary>
    string Provider { get; }

    /// <summary>Every recording the sender created in [<paramref name="from"/>, <paramref name="to"/>], a page at a time.</summary>
    /// <exception cref="ListingFailedException">The sender refused or kept failing; the window is not fully listed.</exception>
    IAsyncEnumerable<ListedPage> ListAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct);
}

/// <summary>One page of a listing: the recordings as callbacks, the entries that could not be read (with why), and how often the sender throttled us.</summary>
public sealed record ListedPage(IReadOnlyList<LiveStreamCallback> Recordings, IReadOnlyList<string> Unreadable, int Throttled);

public enum ListingFailure
{
    /// <summary>The credentials were refused: nothing will work until an operator fixes them.</summary>
    AuthFailed,
    /// <summary>The sender kept throttling us after every back-off.</summary>
    Throttled,
    /// <summary>The sender could not be reached or kept failing.</summary>
    Unavailable,
    /// <summary>The sender answered with an error that retrying will not fix.</summary>
    Rejected,
}

public sealed class ListingFailedException(ListingFailure failure, string code, string message, Exception? inner = null)
    : Exception($"{code}: {message}", inner)
{
    public ListingFailure Failure { get; } = failure;
    public string Code { get; } = code;
}
