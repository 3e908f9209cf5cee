using System.Net;
using Contracts.Recordings;

namespace Ingest.Tests.Callbacks;

[Collection(DefaultHostCollection.Name)]
public class SignatureTests(IngestHostFixture fixture) : IngestTest(fixture)
{
    private static Dictionary<string, object?> Payload(string fileId) => TencentPayloads.Recording("1_sig", fileId, "mp4", 1_700_000_000, 1_700_000_600);

    [Fact]
    public async Task OnlyCallbacksSignedByACurrentOrRotatedKeyAndNotExpiredAreAccepted()
    {
        var host = Host;
        var past = DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds();
        var withoutSign = Payload("f-nosign");
        withoutSign["t"] = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds();
        var signed = IngestHost.Signed(Payload("f-upper"));
        var sign = System.Text.Json.Nodes.JsonNode.Parse(signed)!["sign"]!.GetValue<string>();
        var cases = new (string Body, HttpStatusCode Status, string? Reason)[]
        {
            (IngestHost.Signed(Payload("f-good")), HttpStatusCode.OK, null),
            (IngestHost.Signed(Payload("f-rotated"), IngestHost.PreviousKey), HttpStatusCode.OK, null),
            (IngestHost.Signed(Payload("f-bad"), "someone-elses-key"), HttpStatusCode.Unauthorized, "signature-invalid"),
            // Case is not part of the proof; anything around the 32 hex digits is.
            (signed.Replace(sign, sign.ToUpperInvariant()), HttpStatusCode.OK, null),
            (signed.Replace(sign, sign + "0"), HttpStatusCode.Unauthorized, "signature-invalid"),
            (signed.Replace(sign, sign[..^1]), HttpStatusCode.Unauthorized, "signature-invalid"),
            (IngestHost.Signed(Payload("f-expired"), t: past), HttpStatusCode.Unauthorized, "signature-expired"),
            (System.Text.Json.JsonSerializer.Serialize(withoutSign), HttpStatusCode.Unauthorized, "signature-missing"),
        };

        foreach (var (body, status, reason) in cases)
        {
            var response = await host.PostAsync(body);
            Assert.Equal(status, response.StatusCode);
            if (reason is not null) Assert.Equal(reason, (await IngestHost.JsonAsync(response)).GetProperty("reason").GetString());
        }

        var files = (await host.StreamAsync(LiveStreamIds.For("tencent", "1_sig"))).Select(e => e.Data).OfType<RecordingFileCreated>();
        Assert.Equal(["f-good", "f-rotated", "f-upper"], files.Select(f => f.FileId));
    }
}
