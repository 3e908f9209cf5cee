using Catalog.Projections;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Catalog.Tests.Projections;

public sealed class ReadModelDatabaseTests
{
    [Fact]
    public async Task ReadModelsUseTheirOwnConnectionStringAndFallBackToTheLogs()
    {
        await using var own = ReadModelDatabase.From(Configuration(("Catalog", "Host=log;Database=log"), ("CatalogReadModels", "Host=models;Database=models")));
        await using var fallback = ReadModelDatabase.From(Configuration(("Catalog", "Host=log;Database=log")));

        Assert.Equal("models", new NpgsqlConnectionStringBuilder(own.DataSource.ConnectionString).Host);
        Assert.Equal("log", new NpgsqlConnectionStringBuilder(fallback.DataSource.ConnectionString).Host);
        Assert.Same(own.DataSource, own.Queries);
        Assert.Throws<InvalidOperationException>(() => ReadModelDatabase.From(Configuration()));
    }

    private static IConfiguration Configuration(params (string Name, string Value)[] connectionStrings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(connectionStrings.Select(c => KeyValuePair.Create($"ConnectionStrings:{c.Name}", (string?)c.Value)))
            .Build();
}
