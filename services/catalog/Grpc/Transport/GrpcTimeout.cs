namespace Catalog.Grpc.Transport;

/// <summary>Reads the <c>grpc-timeout</c> header: 1 to 8 digits and a unit (H, M, S, m, u, n).</summary>
public static class GrpcTimeout
{
    // Longer timeouts mean "no deadline" in practice; clamping keeps CancelAfter within its range.
    private static readonly TimeSpan Longest = TimeSpan.FromDays(30);

    public static bool TryParse(string? value, out TimeSpan timeout)
    {
        timeout = default;
        if (string.IsNullOrEmpty(value) || value.Length < 2 || value.Length > 9) return false;
        var digits = value.AsSpan(0, value.Length - 1);
        foreach (var c in digits)
        {
            if (c is < '0' or > '9') return false;
        }
        var amount = long.Parse(digits, System.Globalization.CultureInfo.InvariantCulture);
        TimeSpan? parsed = value[^1] switch
        {
            'H' => TimeSpan.FromHours(amount),
            'M' => TimeSpan.FromMinutes(amount),
            'S' => TimeSpan.FromSeconds(amount),
            'm' => TimeSpan.FromMilliseconds(amount),
            'u' => TimeSpan.FromTicks(amount * TimeSpan.TicksPerMicrosecond),
            'n' => TimeSpan.FromTicks(amount / TimeSpan.NanosecondsPerTick),
            _ => null,
        };
        if (parsed is not { } span) return false;
        timeout = span > Longest ? Longest : span;
        return true;
    }
}
