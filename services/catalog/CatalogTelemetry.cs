using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Catalog;

/// <summary>The catalog's activity source and meter; the host's telemetry subscribes to them by name.</summary>
public static class CatalogTelemetry
{
    public const string Name = "Catalog";

    public static readonly ActivitySource ActivitySource = new(Name);
    public static readonly Meter Meter = new(Name);

    internal static readonly Counter<long> RebuildEvents =
        Meter.CreateCounter<long>("catalog.rebuild.events", "{event}", "Events folded by projection rebuilds.");
    internal static readonly Counter<long> Rebuilds =
        Meter.CreateCounter<long>("catalog.rebuild.completed", "{rebuild}", "Projection rebuilds that switched to their new version.");
    internal static readonly Counter<long> CurationCommands =
        Meter.CreateCounter<long>("catalog.curation.commands", "{command}", "Feed curation commands, by outcome.");
}
