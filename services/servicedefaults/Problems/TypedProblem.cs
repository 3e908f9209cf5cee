using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace ServiceDefaults.Problems;

/// <summary>
/// A refusal answered through the one mapping (<see cref="Problems.Result"/>), as a result type that names the kinds
/// of refusal it stands for: a handler that returns it tells the OpenAPI document which problem answers it gives.
/// A use case whose decider refuses in several ways declares them in one subclass beside it.
/// </summary>
public abstract class TypedProblem(Rejection rejection) : IResult, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<ProblemDetails>, IContentTypeHttpResult
{
    public Rejection Rejection { get; } = rejection;

    public ProblemHttpResult Result { get; } = Problems.Result(rejection);

    public int StatusCode => Result.StatusCode;
    int? IStatusCodeHttpResult.StatusCode => Result.StatusCode;
    public ProblemDetails ProblemDetails => Result.ProblemDetails;
    object? IValueHttpResult.Value => Result.ProblemDetails;
    ProblemDetails? IValueHttpResult<ProblemDetails>.Value => Result.ProblemDetails;
    public string ContentType => Result.ContentType;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        Problems.ApplyHeaders(httpContext.Response, Rejection);
        return Result.ExecuteAsync(httpContext);
    }

    /// <summary>For <see cref="IEndpointMetadataProvider.PopulateMetadata"/>: a problem document for each of these kinds.</summary>
    protected static void Declare(EndpointBuilder builder, params RejectionKind[] kinds)
    {
        foreach (var status in kinds.Select(Problems.StatusOf).Distinct())
            builder.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), [Problems.ContentType]));
    }
}
