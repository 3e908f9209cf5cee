namespace EventLog;

/// <summary>What the writer believes about the stream: anything, that it does not exist yet, or an exact version.</summary>
public readonly record struct ExpectedVersion
{
    private ExpectedVersion(long value) => Value = value;

    internal long Value { get; }

    public static readonly ExpectedVersion Any = new(-1);
    public static readonly ExpectedVersion NoStream = new(0);

    public static ExpectedVersion Exactly(long version) =>
        version >= 1 ? new(version) : throw new ArgumentOutOfRangeException(nameof(version), "Use NoStream for an empty stream.");

    /// <summary>The version a state was folded from: 0 means the stream does not exist yet.</summary>
    public static ExpectedVersion From(long version) => version == 0 ? NoStream : Exactly(version);

    public override string ToString() => Value switch { -1 => "any", 0 => "no stream", var v => v.ToString() };
}
