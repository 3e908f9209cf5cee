using System.Text.Json.Serialization;

namespace EventLog.Tests;

public sealed record Happened(string Id, int Number);
public sealed record AlsoHappened(string Note);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(Happened))]
[JsonSerializable(typeof(AlsoHappened))]
internal sealed partial class TestEventsJson : JsonSerializerContext;
