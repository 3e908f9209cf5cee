namespace Contracts.Recordings;

/// <summary>Names of the log streams that hold recording facts.</summary>
public static class LiveStreamIds
{
    /// <summary>One log stream per provider's live stream: every fact about it, in decision order.</summary>
    public static string For(string provider, string streamId) => $"livestream:{provider}:{streamId}";
}
