using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Metadata;

namespace ServiceDefaults.Problems;

/// <summary>The request is malformed or breaks a rule: 400 with a problem document.</summary>
public sealed class BadRequestProblem(Rejection rejection) : TypedProblem(rejection), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Declare(builder, RejectionKind.Invalid);
}
