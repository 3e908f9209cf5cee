namespace Ingest.Senders.Mux;

/// <summary>Mux webhook settings (section <c>Mux</c>): off until <c>WebhookSecret</c> is set.</summary>
public sealed class MuxOptions
{
    public const string Section = "Mux";

    /// <summary>The webhook's signing secret (Mux dashboard, Settings, Webhooks).</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>The secret being rotated out; accepted too until it is removed.</summary>
    public string? PreviousWebhookSecret { get; set; }

    /// <summary>How far the signature's <c>t</c> may be from now (Mux's own libraries use 5 minutes).</summary>
    public TimeSpan Tolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Where playback IDs are played: <c>{PlaybackUrlBase}/{playback id}.m3u8</c>.</summary>
    public string PlaybackUrlBase { get; set; } = "https://stream.mux.com";
}
