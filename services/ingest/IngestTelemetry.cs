using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Ingest;

/// <summary>The ingest's activity source and meter; the host subscribes to them by name.</summary>
public static class IngestTelemetry
{
    public const string Name = "Ingest";

    public static readonly ActivitySource ActivitySource = new(Name);
    public static readonly Meter Meter = new(Name);

    internal static readonly Counter<long> Callbacks =
        Meter.CreateCounter<long>("ingest.callbacks", "{callback}", "Callbacks received, by provider and outcome.");
    internal static readonly Counter<long> Quarantined =
        Meter.CreateCounter<long>("ingest.quarantine.added", "{callback}", "Refused callbacks kept in quarantine.");
    internal static readonly Histogram<int> BatchSize =
        Meter.CreateHistogram<int>("ingest.commit.batch_size", "{callback}", "Callbacks committed together in one transaction.");

    internal static void Count(string provider, string outcome) =>
        Callbacks.Add(1, new KeyValuePair<string, object?>("provider", provider), new KeyValuePair<string, object?>("outcome", outcome));
}
