using System.Diagnostics.Metrics;

namespace Ingest.Quarantine;

/// <summary>
/// Quarantine size as a gauge: refused callbacks not replayed yet. Gauges are read synchronously, so a loop
/// refreshes the count every <see cref="Interval"/> and the gauge reports the last one (nothing before the first).
/// </summary>
public sealed partial class QuarantineSizeGauge : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);
    private readonly QuarantineStore _store;
    private readonly ILogger<QuarantineSizeGauge> _logger;
    private long? _pending;

    public QuarantineSizeGauge(QuarantineStore store, IMeterFactory meters, ILogger<QuarantineSizeGauge> logger)
    {
        _store = store;
        _logger = logger;
        meters.Create(IngestTelemetry.Name).CreateObservableGauge("ingest.quarantine.pending",
            () => _pending is { } pending ? [new Measurement<long>(pending)] : Array.Empty<Measurement<long>>(),
            "{callback}", "Refused callbacks kept in quarantine and not replayed yet.");
    }

    public async Task<long> RefreshAsync(CancellationToken ct)
    {
        var pending = await _store.CountPendingAsync(ct);
        _pending = pending;
        return pending;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            do
            {
                try
                {
                    await RefreshAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The database may be down: readiness says so; the gauge keeps its last figure.
                    LogRefreshFailed(_logger, ex.Message);
                }
            } while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping, or disposed without a stop: either way nothing is left to count.
        }
    }

    [LoggerMessage(LogLevel.Debug, "Quarantine size not refreshed: {Reason}")]
    private static partial void LogRefreshFailed(ILogger logger, string reason);
}
