namespace Ingest.Callbacks.Checking;

/// <summary>The bounds every callback's values are held to before the database sees them, whatever sent them.</summary>
public static class CallbackLimits
{
    /// <summary>Identifiers (stream, anchor, file ids) end up in index keys, which PostgreSQL caps at about 2.7 kB.</summary>
    public const int IdLength = 256;

    /// <summary>Any other single text value (URLs, messages, push parameters).</summary>
    public const int TextLength = 8192;

    /// <summary>Idempotency keys and log stream ids are primary keys: bounded in UTF-8 bytes, under the index limit.</summary>
    public const int KeyBytes = 1024;

    /// <summary>Times are Unix seconds in [2000-01-01, 2200-01-01): a value outside is a mistake (often milliseconds), never a recording.</summary>
    public static readonly DateTimeOffset EarliestTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset LatestTime = new(2200, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static long EarliestUnixSeconds => EarliestTime.ToUnixTimeSeconds();

    public static long LatestUnixSeconds => LatestTime.ToUnixTimeSeconds();

    public static bool IsSaneTime(DateTimeOffset time) => time >= EarliestTime && time < LatestTime;

    public static bool IsSaneUnixSeconds(long seconds) => seconds >= EarliestUnixSeconds && seconds < LatestUnixSeconds;

    /// <summary>Why a Unix time is refused, with a hint when it reads as milliseconds.</summary>
    public static string DescribeBadUnixSeconds(string field, long value) =>
        $"'{field}' must be Unix seconds from {EarliestUnixSeconds} to {LatestUnixSeconds - 1} (years 2000 to 2199), not {value}"
        + (IsSaneUnixSeconds(value / 1000) ? " (that looks like milliseconds)" : "");
}
