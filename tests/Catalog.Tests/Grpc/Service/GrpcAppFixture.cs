namespace Catalog.Tests.Grpc.Service;

/// <summary>One catalog on real ports for a whole test class; its tests use ids of their own, so none sees another's data.</summary>
public sealed class GrpcAppFixture : IAsyncLifetime
{
    public CatalogGrpcApp App { get; private set; } = null!;

    public async Task InitializeAsync() => App = await CatalogGrpcApp.StartAsync();

    public async Task DisposeAsync() => await App.DisposeAsync();
}
