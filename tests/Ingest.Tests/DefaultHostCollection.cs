namespace Ingest.Tests;

/// <summary>The test classes that need nothing but the service's default settings share one host, one test at a time.</summary>
[CollectionDefinition(Name)]
public sealed class DefaultHostCollection : ICollectionFixture<IngestHostFixture>
{
    public const string Name = "ingest host with default settings";
}
