using System.Diagnostics.Metrics;

namespace Ingest.Reconciling;

/// <summary>Reconciliation's meters, on ingest's meter: every recovered recording is a callback that was missed.</summary>
internal static class ReconcileTelemetry
{
    internal static readonly Counter<long> Recovered = IngestTelemetry.Meter.CreateCounter<long>(
        "ingest.reconcile.recovered", "{recording}", "Recordings found by reconciliation whose callback never arrived, by provider.");

    internal static readonly Counter<long> Runs = IngestTelemetry.Meter.CreateCounter<long>(
        "ingest.reconcile.runs", "{run}", "Reconciliation runs finished, by provider and outcome.");

    internal static void CountRecovered(string provider, int count) =>
        Recovered.Add(count, new KeyValuePair<string, object?>("provider", provider));

    internal static void CountRun(string provider, string outcome) =>
        Runs.Add(1, new KeyValuePair<string, object?>("provider", provider), new KeyValuePair<string, object?>("outcome", outcome));
}
