namespace Ingest.Senders.Shared;

/// <summary>The <c>{"code":0}</c> answer Tencent and SRS expect for a callback they may consider done.</summary>
public sealed record CodeAnswer(int Code)
{
    public static readonly JsonAcknowledgement<CodeAnswer> Success = new(new CodeAnswer(0));
}
