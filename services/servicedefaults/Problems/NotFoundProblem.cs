using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Metadata;

namespace ServiceDefaults.Problems;

/// <summary>Something asked for does not exist: 404 with a problem document.</summary>
public sealed class NotFoundProblem(Rejection rejection) : TypedProblem(rejection), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Declare(builder, RejectionKind.NotFound);
}
