using Google.Protobuf;

namespace Catalog.Grpc.Transport;

/// <summary>Declares one gRPC service's methods; each call gets a <typeparamref name="TService"/> from the request's services.</summary>
public sealed class GrpcServiceBuilder<TService>(string serviceName) where TService : class
{
    private readonly Dictionary<string, Func<TService, GrpcCall, Task>> _methods = new(StringComparer.Ordinal);
    private Func<GrpcCallContext, bool>? _authenticate;
    private Func<Exception, GrpcException?> _mapError = _ => null;

    public string ServiceName { get; } = serviceName;

    /// <summary>Larger request messages end the call with RESOURCE_EXHAUSTED, as gRPC's own servers do.</summary>
    public int MaxReceiveMessageSize { get; set; } = 4 * 1024 * 1024;

    public GrpcServiceBuilder<TService> Unary<TRequest, TResponse>(
        string method, MessageParser<TRequest> parser, Func<TService, TRequest, GrpcCallContext, Task<TResponse>> handler)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage
    {
        _methods.Add(method, async (service, call) =>
        {
            var request = await call.ReadRequestAsync(parser);
            var response = await handler(service, request, call.Context);
            await call.WriteAsync(response);
        });
        return this;
    }

    public GrpcServiceBuilder<TService> ServerStreaming<TRequest, TResponse>(
        string method, MessageParser<TRequest> parser, Func<TService, TRequest, IGrpcStreamWriter<TResponse>, GrpcCallContext, Task> handler)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage
    {
        _methods.Add(method, async (service, call) =>
        {
            var request = await call.ReadRequestAsync(parser);
            await handler(service, request, new StreamWriter<TResponse>(call), call.Context);
        });
        return this;
    }

    /// <summary>Bidirectional streaming: the handler reads requests as they arrive and writes responses whenever it likes.</summary>
    public GrpcServiceBuilder<TService> DuplexStreaming<TRequest, TResponse>(
        string method, MessageParser<TRequest> parser, Func<TService, IAsyncEnumerable<TRequest>, IGrpcStreamWriter<TResponse>, GrpcCallContext, Task> handler)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage
    {
        _methods.Add(method, (service, call) => handler(service, call.ReadRequestsAsync(parser), new StreamWriter<TResponse>(call), call.Context));
        return this;
    }

    /// <summary>Every call must pass <paramref name="check"/>, else it ends with UNAUTHENTICATED before its handler runs.</summary>
    public GrpcServiceBuilder<TService> RequireAuthentication(Func<GrpcCallContext, bool> check)
    {
        _authenticate = check;
        return this;
    }

    /// <summary>Turns the handlers' domain exceptions into statuses; unmapped ones become UNKNOWN.</summary>
    public GrpcServiceBuilder<TService> MapErrors(Func<Exception, GrpcException?> map)
    {
        _mapError = map;
        return this;
    }

    internal GrpcServiceDefinition<TService> Build() => new(ServiceName, _methods, _authenticate, _mapError, MaxReceiveMessageSize);

    private sealed class StreamWriter<T>(GrpcCall call) : IGrpcStreamWriter<T> where T : IMessage
    {
        public Task WriteAsync(T message, CancellationToken cancellationToken = default) => call.WriteAsync(message);
    }
}

internal sealed record GrpcServiceDefinition<TService>(
    string Name,
    IReadOnlyDictionary<string, Func<TService, GrpcCall, Task>> Methods,
    Func<GrpcCallContext, bool>? Authenticate,
    Func<Exception, GrpcException?> MapError,
    int MaxReceiveMessageSize);
