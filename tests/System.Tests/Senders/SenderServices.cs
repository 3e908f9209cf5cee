using SystemTests.Harness;
using Testing;
using Testing.Senders;

namespace SystemTests.Senders;

/// <summary>
/// One real ingest and one real catalog process against one fresh database, with SRS, ZLMediaKit, LiveKit, Mux and IVS
/// configured as the README says; every test of the collection uses anchors of its own, so none reads another's programs.
/// </summary>
public sealed class SenderServices : IAsyncLifetime
{
    /// <summary>LiveKit rooms are named <c>room-&lt;anchor&gt;</c>: the anchor comes from LiveKit's own strategy, not the default one.</summary>
    public const string LiveKitAnchorStrategy = "regex:^room-(?<anchor>.+)$";

    /// <summary>The operator key of ingest's quarantine endpoints.</summary>
    public const string AdminKey = "senders-e2e-admin-key";

    private ServiceProcess? _catalog;

    /// <summary>The ingest process: senders post to <c>Ingest.Http</c>.</summary>
    public ServiceProcess Ingest { get; private set; } = null!;

    /// <summary>The catalog's REST answers, read as an app reads them.</summary>
    public CatalogPrograms Catalog { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var db = await TestPostgres.NewDatabaseAsync();
        var settings = new[] { SrsHooks.Settings, ZlMediaKitHooks.Settings, LiveKitWebhooks.Settings, MuxWebhooks.Settings, IvsEvents.Settings }
            .SelectMany(s => s)
            .ToDictionary(s => s.Key.Replace(":", "__"), s => s.Value!);
        settings["LiveKit__AnchorId__Strategy"] = LiveKitAnchorStrategy;
        settings["Ingest__Admins__senders__Key"] = AdminKey;
        Ingest = Services.StartIngest(db, settings);
        _catalog = Services.StartCatalog(db);
        await Ingest.WaitUntilAsync("/readyz", TimeSpan.FromSeconds(60));
        await _catalog.WaitUntilAsync("/readyz", TimeSpan.FromSeconds(60));
        Catalog = new CatalogPrograms(_catalog.Http);
    }

    public async Task DisposeAsync()
    {
        if (Ingest is not null) await Ingest.DisposeAsync();
        if (_catalog is not null) await _catalog.DisposeAsync();
    }
}
