using Testing.Tencent;

namespace Ingest.Tests.Reconciling;

/// <summary>
/// A host reconciling against a SearchMedia stand-in of its own, both shared by a class's tests: each test starts with
/// an empty database and a stand-in that lists nothing and has seen no call. Runs happen only when a test asks.
/// </summary>
public sealed class ReconcilingHost : IngestHostFixture
{
    public ReconcilingHost()
        : this(new SearchMediaStandIn(Reconciliation.StandInSecret))
    {
    }

    private ReconcilingHost(SearchMediaStandIn vod)
        : base(Reconciliation.Settings(vod)) => Vod = vod;

    public SearchMediaStandIn Vod { get; }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Reconciliation.WaitForTheRunAtStartAsync(Host);
    }

    public override async Task ResetAsync()
    {
        await base.ResetAsync();
        Vod.Reset();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Vod.DisposeAsync();
    }
}
