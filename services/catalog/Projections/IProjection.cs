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
    public static string Subscription(string projection, int version) => $"{Versions(projection)}{version}";

    /// <summary>What the names of every version's subscription start with.</summary>
    public static string Versions(string projection) => $"{projection}@v";

    /// <summary>The version in a subscription's name (<c>programs@v3</c> is 3); 0 for a name of another shape.</summary>
    public static int VersionOf(string subscription) =>
        subscription.LastIndexOf("@v", StringComparison.Ordinal) is var at and >= 0
        && int.TryParse(subscription.AsSpan(at + 2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version)
            ? version : 0;
}
