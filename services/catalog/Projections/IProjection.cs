using EventLog;

namespace Catalog.Projections;

/// <summary>
/// A read model built from the log. Every version has its own tables, so a new version can be built while the
/// current one serves; <c>catalog.projection_versions</c> says which one serves.
/// </summary>
public interface IProjection
{
    string Name { get; }

    string CreateTablesSql(int version);

    string DropTablesSql(int version);

    ISubscriptionHandler Handler(int version);
}

public static class ProjectionNames
{
    /// <summary>The subscription that builds (and then keeps up) one version of a projection.</summary>
    public static string Subscription(string projection, int version) => $"{projection}@v{version}";
}
