namespace Catalog.Tests.Grpc.Service;

/// <summary>One catalog on real ports for a whole test class; its tests use ids of their own, so none sees another's data.</summary>
public class GrpcAppFixture : IAsyncLifetime
{
    public CatalogGrpcApp App { get; private set; } = null!;

    protected virtual IReadOnlyDictionary<string, string>? Settings => null;

    public async Task InitializeAsync() => App = await CatalogGrpcApp.StartAsync(Settings);

    public async Task DisposeAsync() => await App.DisposeAsync();
}
