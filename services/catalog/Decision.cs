using System.Collections;

namespace Catalog;

/// <summary>
/// What a pure decider decides: the events to append (none when the command changes nothing), or why it refuses.
/// A refusal is a value the edge maps to a problem document, never an exception.
/// </summary>
public sealed class Decision : IReadOnlyList<object>
{
    private readonly object[] _events;

    private Decision(object[] events, Rejection? refused)
    {
        _events = events;
        Refused = refused;
    }

    public static readonly Decision Nothing = new([], null);

    public Rejection? Refused { get; }

    public static Decision Append(params object[] events) => new(events, null);

    public static implicit operator Decision(Rejection refused) => new([], refused);

    public int Count => _events.Length;
    public object this[int index] => _events[index];
    public IEnumerator<object> GetEnumerator() => ((IEnumerable<object>)_events).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
