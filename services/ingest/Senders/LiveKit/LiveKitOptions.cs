namespace Ingest.Senders.LiveKit;

/// <summary>LiveKit webhook settings (section <c>LiveKit</c>): off until <c>ApiKey</c> and <c>ApiSecret</c> are set.</summary>
public sealed class LiveKitOptions
{
    public const string Section = "LiveKit";

    /// <summary>The API key LiveKit signs webhooks with: the token's <c>iss</c>.</summary>
    public string? ApiKey { get; set; }

    public string? ApiSecret { get; set; }

    /// <summary>The key pair being rotated out; accepted too until it is removed.</summary>
    public string? PreviousApiKey { get; set; }

    public string? PreviousApiSecret { get; set; }

    /// <summary>How far past its <c>exp</c> (or before its <c>nbf</c>) a webhook token is still accepted.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);
}
