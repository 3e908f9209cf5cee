using Catalog.Grpc.Reflection.V1;
using Catalog.Grpc.Transport;

namespace Catalog.Grpc.Reflection;

/// <summary>
/// Server reflection (<c>grpc.reflection.v1</c> and <c>v1alpha</c>), so grpcurl, Postman and other tools list the
/// services and call them without the .proto files. One response per request, in order, on one stream.
/// </summary>
public sealed class ReflectionGrpcService(ReflectedFiles files)
{
    public const string V1 = "grpc.reflection.v1.ServerReflection";
    public const string V1Alpha = "grpc.reflection.v1alpha.ServerReflection";

    public async Task ServerReflectionInfo(IAsyncEnumerable<ServerReflectionRequest> requests, IGrpcStreamWriter<ServerReflectionResponse> writer, GrpcCallContext call)
    {
        await foreach (var request in requests.WithCancellation(call.CancellationToken))
            await writer.WriteAsync(Answer(request), call.CancellationToken);
    }

    private ServerReflectionResponse Answer(ServerReflectionRequest request)
    {
        var response = new ServerReflectionResponse { ValidHost = request.Host, OriginalRequest = request };
        switch (request.MessageRequestCase)
        {
            case ServerReflectionRequest.MessageRequestOneofCase.ListServices:
                response.ListServicesResponse = new ListServiceResponse { Service = { files.Services.Select(name => new ServiceResponse { Name = name }) } };
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.FileByFilename:
                Files(response, files.FileByName(request.FileByFilename), $"There is no file '{request.FileByFilename}'.");
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.FileContainingSymbol:
                Files(response, files.FileContaining(request.FileContainingSymbol), $"There is no symbol '{request.FileContainingSymbol}'.");
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.FileContainingExtension:
                Error(response, GrpcStatusCode.NotFound, "These services define no extensions.");
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.AllExtensionNumbersOfType when files.IsMessageType(request.AllExtensionNumbersOfType):
                response.AllExtensionNumbersResponse = new ExtensionNumberResponse { BaseTypeName = request.AllExtensionNumbersOfType };
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.AllExtensionNumbersOfType:
                Error(response, GrpcStatusCode.NotFound, $"There is no message type '{request.AllExtensionNumbersOfType}'.");
                break;
            default:
                Error(response, GrpcStatusCode.InvalidArgument, "The request asks for nothing this server knows.");
                break;
        }
        return response;
    }

    private static void Files(ServerReflectionResponse response, IReadOnlyList<Google.Protobuf.ByteString>? found, string notFound)
    {
        if (found is null) Error(response, GrpcStatusCode.NotFound, notFound);
        else response.FileDescriptorResponse = new FileDescriptorResponse { FileDescriptorProto = { found } };
    }

    private static void Error(ServerReflectionResponse response, GrpcStatusCode code, string message) =>
        response.ErrorResponse = new ErrorResponse { ErrorCode = (int)code, ErrorMessage = message };
}
