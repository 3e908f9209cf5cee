namespace Ingest.Senders;

/// <summary>Every sender ingest knows, by provider: the replay of a quarantined callback goes back to its own sender.</summary>
public sealed class SenderDirectory(IEnumerable<ISender> senders)
{
    private readonly Dictionary<string, ISender> _byProvider = senders.ToDictionary(s => s.Provider, StringComparer.Ordinal);

    public IReadOnlyCollection<ISender> All => _byProvider.Values;

    public ISender? Find(string provider) => _byProvider.GetValueOrDefault(provider);
}
