using Ingest.Callbacks;
using Ingest.Senders.Shared;
using Ingest.Tencent;
using Microsoft.AspNetCore.Http;

namespace Ingest.Senders.Tencent;

/// <summary>Tencent Cloud Live: JSON callbacks signed with <c>sign = MD5(key + t)</c> in the body; answered <c>{"code":0}</c>.</summary>
public sealed class TencentSender(TencentSignature signature, TencentCallbackParser parser, TencentOptions options) : ISender
{
    public string Provider => TencentCallbackParser.Provider;

    public string? NotConfigured =>
        string.IsNullOrEmpty(options.CallbackKey) && !options.AllowUnsignedCallbacks
            ? "set Tencent:CallbackKey (or Tencent:AllowUnsignedCallbacks=true for development only)"
            : null;

    // The signature is in the body: a replay checks it again.
    public bool ProofIsKept => true;

    public Refusal? Authenticate(SenderRequest request, DateTimeOffset now, bool acceptExpired) =>
        JsonBody.Check(request, root => signature.Verify(root, now, acceptExpired));

    public SenderParse Parse(SenderRequest request) => JsonBody.Parse(request, root =>
    {
        var (callback, invalid) = parser.Parse(root, request.ReceivedAt);
        return invalid is null ? SenderParse.Of(callback!) : SenderParse.Refused(invalid);
    });

    public IResult Acknowledge() => CodeAnswer.Success;
}
