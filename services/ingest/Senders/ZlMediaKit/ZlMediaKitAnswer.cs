using Ingest.Senders.Shared;

namespace Ingest.Senders.ZlMediaKit;

/// <summary>ZLMediaKit's hook answer: <c>code</c> 0 is success, any other code a failure it logs with <c>msg</c>.</summary>
public sealed record ZlMediaKitAnswer(int Code, string Msg)
{
    public static readonly JsonAcknowledgement<ZlMediaKitAnswer> Success = new(new ZlMediaKitAnswer(0, "success"));
}
