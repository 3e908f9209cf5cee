namespace EventLog;

/// <summary>
/// A place in the log's commit order: the writing transaction's id, then the event's position.
/// Readers only advance below the oldest running transaction, so nothing can ever appear behind a checkpoint.
/// </summary>
public readonly record struct LogPosition(ulong TransactionId, long Position) : IComparable<LogPosition>
{
    public static readonly LogPosition Start = new(0, 0);

    public int CompareTo(LogPosition other)
    {
        var byTransaction = TransactionId.CompareTo(other.TransactionId);
        return byTransaction != 0 ? byTransaction : Position.CompareTo(other.Position);
    }

    public static bool operator <(LogPosition a, LogPosition b) => a.CompareTo(b) < 0;
    public static bool operator >(LogPosition a, LogPosition b) => a.CompareTo(b) > 0;
    public static bool operator <=(LogPosition a, LogPosition b) => a.CompareTo(b) <= 0;
    public static bool operator >=(LogPosition a, LogPosition b) => a.CompareTo(b) >= 0;

    public override string ToString() => $"{TransactionId}/{Position}";
}
