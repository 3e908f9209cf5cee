using Ingest.Callbacks;
using Microsoft.AspNetCore.Http;

namespace Ingest.Senders;

/// <summary>
/// A recorder that announces finished recordings: its endpoint (<c>/callbacks/{Provider}</c>), how it proves a callback
/// is its own, how its callback becomes the recording facts (with their idempotency keys), and the answer it expects.
/// Deciding programs, group commit, quarantine, replay and telemetry are shared. A sender is found by its type: a new
/// one is a folder under <c>Senders/</c> with a class implementing this interface.
/// </summary>
public interface ISender
{
    /// <summary>The provider named in events, log stream ids, quarantine and telemetry: <c>nginx-rtmp</c>, <c>tencent</c>, ...</summary>
    string Provider { get; }

    /// <summary>Null when the sender is configured; otherwise what to set to turn it on (its endpoint answers 404 meanwhile).</summary>
    string? NotConfigured { get; }

    /// <summary>The proof of authenticity travels in what quarantine keeps (the body or kept headers), so a replay can check it again.</summary>
    bool ProofIsKept { get; }

    /// <summary>Headers that are credentials: never stored with a quarantined callback.</summary>
    IReadOnlyCollection<string> SecretHeaders => [];

    /// <summary>Query parameters that are credentials: masked in the stored path.</summary>
    IReadOnlyCollection<string> SecretQueryParameters => [];

    /// <summary>Null when the callback is the sender's own (an expiry may be waived on a replay).</summary>
    Refusal? Authenticate(SenderRequest request, DateTimeOffset now, bool acceptExpired);

    /// <summary>The facts the callback reports, or why it cannot be read. Pure: time comes from the request.</summary>
    SenderParse Parse(SenderRequest request);

    /// <summary>The answer the sender expects once the callback's events are committed.</summary>
    IResult Acknowledge();
}

public static class SenderPaths
{
    public static string Of(ISender sender) => $"/callbacks/{sender.Provider}";
}
