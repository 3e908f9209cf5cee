namespace SystemTests.Senders;

/// <summary>The sender tests share one ingest and one catalog process (<see cref="SenderServices"/>): each start costs seconds.</summary>
[CollectionDefinition(Name)]
public sealed class SendersCollection : ICollectionFixture<SenderServices>
{
    public const string Name = "senders";
}
