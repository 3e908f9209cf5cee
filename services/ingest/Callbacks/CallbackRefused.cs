using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Metadata;

namespace Ingest.Callbacks;

/// <summary>A refused callback's answer: a problem document for every kind of <see cref="Refusal"/> a callback can meet.</summary>
public sealed class CallbackRefused(Refusal refusal, long? quarantineId = null) : TypedProblem(refusal.ToRejection(quarantineId)), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        Declare(builder, Enum.GetValues<RefusalKind>().Select(Refusal.RejectionKindOf).ToArray());
}
