using System.Text.Json;

namespace Catalog.Tests.Grpc;

/// <summary>A call's outcome as a real gRPC client saw it: the messages it received and the status it ended with.</summary>
public sealed record GrpcCallResult(IReadOnlyList<JsonElement> Messages, int Code, string Details, JsonElement Metadata)
{
    public JsonElement Message => Assert.Single(Messages);
}
