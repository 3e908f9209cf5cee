using EventLog;
using Ingest.LiveStreams;

namespace Ingest.Committing;

/// <summary>Folds the states of many live streams from one read, so a batch of callbacks for new streams costs one round trip.</summary>
internal sealed class LiveStreamLoader(EventStore store)
{
    public async Task<Dictionary<string, CachedStream>> LoadAsync(IReadOnlyCollection<string> streamIds, CancellationToken ct)
    {
        var states = streamIds.ToDictionary(id => id, _ => new CachedStream(LiveStream.Empty, 0), StringComparer.Ordinal);
        foreach (var e in await store.ReadStreamsAsync(streamIds, ct))
            states[e.StreamId] = new CachedStream(states[e.StreamId].State.Evolve(e.IdempotencyKey, [e.Data]), e.StreamVersion);
        return states;
    }
}
