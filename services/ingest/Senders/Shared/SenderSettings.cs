using Ingest.LiveStreams;
using Microsoft.Extensions.Configuration;

namespace Ingest.Senders.Shared;

/// <summary>What every sender reads at start: its own configuration section and its anchor id strategy.</summary>
public sealed class SenderSettings(IConfiguration configuration, IngestOptions ingest)
{
    public IngestOptions Ingest => ingest;

    public T Bind<T>(string section) where T : new() => configuration.GetSection(section).Get<T>() ?? new T();

    /// <summary><c>{section}:AnchorId:Strategy</c> when set, else <c>Ingest:AnchorId:Strategy</c>: the same strategies as Tencent's.</summary>
    public AnchorIds AnchorsFor(string section) =>
        configuration[$"{section}:AnchorId:Strategy"] is { Length: > 0 } own
            ? new AnchorIds(new AnchorIdOptions { Strategy = own })
            : new AnchorIds(ingest.AnchorId);
}
