using Ingest.LiveStreams;

namespace Ingest.Committing;

/// <summary>A live stream's committed state and the version it was folded to.</summary>
public sealed record CachedStream(LiveStream State, long Version);

/// <summary>
/// Folded states of recently active streams, so a callback does not reread its stream's history. Entries hold
/// committed state only. Not thread-safe: <see cref="StreamLedger"/> owns it and uses it under its lock.
/// </summary>
internal sealed class LiveStreamCache(int capacity)
{
    private readonly Dictionary<string, (CachedStream Stream, long Used)> _entries = new(StringComparer.Ordinal);
    private long _clock;

    public bool TryGet(string streamId, out CachedStream stream)
    {
        if (_entries.TryGetValue(streamId, out var entry))
        {
            _entries[streamId] = (entry.Stream, ++_clock);
            stream = entry.Stream;
            return true;
        }
        stream = null!;
        return false;
    }

    public bool Contains(string streamId) => _entries.ContainsKey(streamId);

    public void Set(string streamId, CachedStream stream)
    {
        _entries[streamId] = (stream, ++_clock);
        if (_entries.Count > capacity) EvictOldestQuarter();
    }

    public void Remove(string streamId) => _entries.Remove(streamId);

    private void EvictOldestQuarter()
    {
        var threshold = _entries.Values.Select(e => e.Used).Order().ElementAt(_entries.Count / 4);
        foreach (var key in _entries.Where(e => e.Value.Used <= threshold).Select(e => e.Key).ToList())
            _entries.Remove(key);
    }
}
