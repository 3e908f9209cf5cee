using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EventLog;

/// <summary>
/// Subscription lag in events and seconds, and dead letters, per subscription of the event log, as observable gauges.
/// Gauges are read synchronously, so a background loop refreshes a snapshot from
/// <see cref="SubscriptionAdmin.StatusAsync"/> every <c>Telemetry:LagRefreshSeconds</c> and the gauges read it. The refresh
/// costs the same at any lag (exact up to <see cref="SubscriptionAdmin.ExactLagLimit"/>, estimated from positions beyond).
/// On in services that use the event log unless <c>Telemetry:SubscriptionLag</c> is false (ingest turns it off:
/// it runs no subscriptions, and every catalog replica reports the same figures). The snapshot is refreshed only while
/// a listener (the host's metrics exporter) observes the gauges, so without telemetry it costs no query.
/// </summary>
public sealed partial class SubscriptionLagMetrics : BackgroundService
{
    public const string MeterName = "EventLog.Subscriptions";

    private readonly Meter _meter = new(MeterName);
    private readonly SubscriptionAdmin? _admin;
    private readonly ObservableGauge<long> _lagEvents;
    private readonly TimeSpan _interval;
    private readonly ILogger<SubscriptionLagMetrics> _logger;
    private volatile IReadOnlyList<SubscriptionStatus> _snapshot = [];

    public SubscriptionLagMetrics(SubscriptionAdmin admin, IConfiguration configuration, ILogger<SubscriptionLagMetrics> logger)
    {
        _admin = configuration.GetValue("Telemetry:SubscriptionLag", true) ? admin : null;
        _logger = logger;
        _interval = TimeSpan.FromSeconds(configuration.GetValue("Telemetry:LagRefreshSeconds", 5.0));
        _lagEvents = _meter.CreateObservableGauge("eventlog.subscription.lag.events", () => Measure(s => s.LagEvents), "{event}",
            "Committed events the subscription has not handled yet.");
        _meter.CreateObservableGauge("eventlog.subscription.lag.seconds", () => Measure(s => s.LagSeconds), "s",
            "Age of the oldest event the subscription has not handled yet.");
        _meter.CreateObservableGauge("eventlog.subscription.dead_letters", () => Measure(s => s.DeadLetters), "{event}",
            "Events the subscription gave up on and has not replayed.");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_admin is null) return;
        using var timer = new PeriodicTimer(_interval);
        try
        {
            do
            {
                if (!_lagEvents.Enabled) continue;
                try
                {
                    _snapshot = await _admin.StatusAsync(ct: stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The schema may not exist yet, or the database may be down: readiness reports that, the gauges wait.
                    LogRefreshFailed(_logger, ex.Message);
                }
            } while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // A host disposed without being stopped first cancels the loop from Dispose: that is its end, not a failure.
        }
    }

    private IEnumerable<Measurement<T>> Measure<T>(Func<SubscriptionStatus, T> value) where T : struct =>
        _snapshot.Select(s => new Measurement<T>(value(s), new KeyValuePair<string, object?>("subscription", s.Name)));

    public override void Dispose()
    {
        _meter.Dispose();
        base.Dispose();
    }

    [LoggerMessage(LogLevel.Debug, "Subscription lag not refreshed: {Reason}")]
    private static partial void LogRefreshFailed(ILogger logger, string reason);
}
