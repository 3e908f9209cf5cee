using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace EventLog;

/// <summary>The event log's activity source and meter; hosts subscribe to them by name.</summary>
public static class EventLogTelemetry
{
    public const string Name = "EventLog";

    public static readonly ActivitySource ActivitySource = new(Name);
    public static readonly Meter Meter = new(Name);

    internal static readonly Histogram<double> AppendDuration =
        Meter.CreateHistogram<double>("eventlog.append.duration", "ms", "Time to append one batch of commands, commit included.");
    internal static readonly Counter<long> EventsAppended =
        Meter.CreateCounter<long>("eventlog.events.appended", "{event}", "Events appended to the log.");
    internal static readonly Counter<long> EventsHandled =
        Meter.CreateCounter<long>("eventlog.subscription.events", "{event}", "Events handled by subscriptions.");
    internal static readonly Counter<long> UnknownEvents =
        Meter.CreateCounter<long>("eventlog.events.unknown", "{event}", "Events read whose type this process does not know.");
}
