using System.Text;
using Ingest.Reconciling.Tencent;

namespace Ingest.Tests.Reconciling;

/// <summary>Known answers: the worked example of Tencent Cloud API 3.0's "Signature v3" documentation (CVM DescribeInstances).</summary>
public class Tc3SignatureTests
{
    private const string SecretId = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE";
    private const string SecretKey = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE";
    private const long Timestamp = 1551113065;
    // The example's body, with its escapes as sent: \u672a\u547d\u540d is "unnamed".
    private static readonly byte[] Payload =
        Encoding.UTF8.GetBytes("""{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}""");
    private static readonly KeyValuePair<string, string>[] Headers =
        [new("Content-Type", "application/json; charset=utf-8"), new("Host", "cvm.tencentcloudapi.com")];

    [Fact]
    public void TheExamplesPayloadHashesAsDocumented() =>
        Assert.Equal("35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064", Tc3Signature.Sha256Hex(Payload));

    [Fact]
    public void TheExamplesCanonicalRequestIsTheDocumentedOne()
    {
        var canonical = Tc3Signature.CanonicalRequest(Headers, Payload);

        Assert.Equal(
            "POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\n\ncontent-type;host\n" +
            "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064", canonical);
        Assert.Equal("5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031", Tc3Signature.Sha256Hex(Encoding.UTF8.GetBytes(canonical)));
    }

    [Fact]
    public void TheExamplesStringToSignAndSignatureAreTheDocumentedOnes()
    {
        var toSign = Tc3Signature.StringToSign(Timestamp, "cvm", Tc3Signature.CanonicalRequest(Headers, Payload));

        Assert.Equal("TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031", toSign);
        Assert.Equal("72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168", Tc3Signature.Signature(SecretKey, Timestamp, "cvm", toSign));
    }

    [Fact]
    public void TheExamplesAuthorizationHeaderIsTheDocumentedOne() =>
        Assert.Equal(
            $"TC3-HMAC-SHA256 Credential={SecretId}/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, " +
            "Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168",
            Tc3Signature.Authorization(SecretId, SecretKey, "cvm", Timestamp, Headers, Payload));

    [Fact]
    public void TheDateIsTheTimestampsUtcDateEvenWhenItIsAlreadyTomorrowInChina()
    {
        // 1551113065 is 2019-02-26 00:44:25 in UTC+8; the scope must still say 2019-02-25.
        Assert.Equal("2019-02-25/vod/tc3_request", Tc3Signature.CredentialScope(Timestamp, "vod"));
    }
}
