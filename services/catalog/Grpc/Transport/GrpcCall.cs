using Google.Protobuf;

namespace Catalog.Grpc.Transport;

/// <summary>One call's plumbing: reads the request frame, writes response frames, remembers whether the body started.</summary>
internal sealed class GrpcCall(GrpcCallContext context, string? encoding, int maxReceiveMessageSize)
{
    public GrpcCallContext Context { get; } = context;

    public bool BodyStarted { get; private set; }

    public Task<T> ReadRequestAsync<T>(MessageParser<T> parser) where T : IMessage<T> =>
        GrpcFrames.ReadSingleAsync(Context.HttpContext.Request.BodyReader, parser, encoding, maxReceiveMessageSize, Context.CancellationToken);

    public IAsyncEnumerable<T> ReadRequestsAsync<T>(MessageParser<T> parser) where T : IMessage<T> =>
        GrpcFrames.ReadAllAsync(Context.HttpContext.Request.BodyReader, parser, encoding, maxReceiveMessageSize, Context.CancellationToken);

    public async Task WriteAsync(IMessage message)
    {
        // A response finished after the deadline is not sent: the client has given up and gets DEADLINE_EXCEEDED.
        Context.CancellationToken.ThrowIfCancellationRequested();
        var writer = Context.HttpContext.Response.BodyWriter;
        GrpcFrames.Write(writer, message);
        BodyStarted = true;
        var flushed = await writer.FlushAsync(Context.CancellationToken);
        if (flushed.IsCanceled) throw new OperationCanceledException(Context.CancellationToken);
    }
}
