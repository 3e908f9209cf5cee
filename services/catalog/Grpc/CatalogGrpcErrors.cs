using Catalog.Grpc.Transport;
using EventLog;

namespace Catalog.Grpc;

/// <summary>The one place that turns the catalog's exceptions into gRPC statuses, as <c>CatalogProblems</c> does for REST.</summary>
internal static class CatalogGrpcErrors
{
    public static GrpcException? Map(Exception exception) => exception switch
    {
        NotFoundException e => new GrpcException(GrpcStatusCode.NotFound, e.Message),
        ValidationException e => new GrpcException(GrpcStatusCode.InvalidArgument, e.Message),
        AccessDeniedException { Authenticated: false } e => new GrpcException(GrpcStatusCode.Unauthenticated, e.Message),
        AccessDeniedException e => new GrpcException(GrpcStatusCode.PermissionDenied, e.Message),
        WrongExpectedVersionException e => new GrpcException(GrpcStatusCode.FailedPrecondition, e.Message),
        _ => null,
    };
}
