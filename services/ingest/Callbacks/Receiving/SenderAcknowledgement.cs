using Ingest.Senders;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;

namespace Ingest.Callbacks.Receiving;

/// <summary>
/// The answer a sender expects once its callback is committed, exactly as its <see cref="ISender.Acknowledge"/> gives
/// it: Tencent and SRS want <c>{"code":0}</c>, ZLMediaKit <c>{"code":0,"msg":"success"}</c>, the others an empty 200.
/// Each sender's route is described with its own answer (<see cref="Describe"/>), taken from that same result.
/// </summary>
public sealed class SenderAcknowledgement(IResult answer) : IResult, IStatusCodeHttpResult
{
    public IResult Answer { get; } = answer;

    public int? StatusCode => (Answer as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status200OK;

    public Task ExecuteAsync(HttpContext httpContext) => Answer.ExecuteAsync(httpContext);

    /// <summary>The 200 this sender's route answers: its acknowledgement's body type and media type, or no body.</summary>
    public static ProducesResponseTypeMetadata Describe(ISender sender) => sender.Acknowledge() switch
    {
        IValueHttpResult { Value: { } body } and IContentTypeHttpResult { ContentType: { } type } =>
            new(StatusCodes.Status200OK, body.GetType(), [type.Split(';')[0]]),
        IValueHttpResult { Value: { } body } => new(StatusCodes.Status200OK, body.GetType(), ["application/json"]),
        _ => new(StatusCodes.Status200OK, typeof(void)),
    };
}
