using System.Text;
using System.Text.Json;
using Ingest.Callbacks;
using Ingest.LiveStreams;
using Ingest.Senders;
using Ingest.Senders.Tencent;
using Ingest.Tencent;

namespace Ingest.Tests.Senders.Shared;

/// <summary>A JSON body that repeats a key is refused exactly when, and as, the JSON parser's own duplicate check refuses it.</summary>
public class DuplicateKeyTests
{
    private static readonly TencentOptions Options = new() { CallbackKey = "duplicate-key" };
    private static readonly TencentSender Sender = new(
        new TencentSignature(Options), new TencentCallbackParser(new AnchorIds(new AnchorIdOptions()), new IngestOptions()), Options);

    // Names that collide when decoded ("k" and "\u006b"), that are not valid text, or are only bytes that are not UTF-8.
    private static readonly byte[][] Names =
    [
        "k"u8.ToArray(), "\\u006b"u8.ToArray(), "é"u8.ToArray(), "\\u00e9"u8.ToArray(), "\\ud800"u8.ToArray(),
        [(byte)'a', 0xFF], [(byte)'a', 0xFE], "stream_id"u8.ToArray(), "s\\u0074ream_id"u8.ToArray(),
    ];

    [Fact]
    public void RandomObjectsAreRefusedForRepeatedKeysExactlyAsTheParserRefusesThem()
    {
        var random = new Random(20261121);
        var refused = 0;
        for (var i = 0; i < 3_000; i++)
        {
            var body = RandomObject(random, depth: 0);
            var reference = ParserRefusal(body);
            var refusal = Sender.Parse(SenderRequest.From(body, [], "/callbacks/tencent", DateTimeOffset.UnixEpoch)).Refusal;
            if (reference is null)
                Assert.True(refusal?.Kind != RefusalKind.MalformedJson, $"{Encoding.UTF8.GetString(body)}: {refusal?.Detail}");
            else
            {
                refused++;
                var expected = (RefusalKind.MalformedJson, $"The body is not valid JSON: {reference}");
                Assert.True(expected == (refusal?.Kind, refusal?.Detail), $"{Encoding.UTF8.GetString(body)}: {refusal?.Detail}, not {reference}");
            }
        }
        // The generator reaches both ways.
        Assert.InRange(refused, 500, 2_500);
    }

    private static string? ParserRefusal(byte[] body)
    {
        try
        {
            using var _ = JsonDocument.Parse(body, new JsonDocumentOptions { AllowDuplicateProperties = false });
            return null;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return ex.Message;
        }
    }

    private static byte[] RandomObject(Random random, int depth)
    {
        var members = new List<byte[]>();
        var count = random.Next(10) == 0 ? random.Next(30, 45) : random.Next(0, 6);
        for (var i = 0; i < count; i++)
        {
            var name = random.Next(3) == 0 ? Names[random.Next(Names.Length)] : Encoding.UTF8.GetBytes($"n{random.Next(200)}");
            var value = depth < 2 && random.Next(4) == 0 ? RandomObject(random, depth + 1) : "1"u8.ToArray();
            members.Add([(byte)'"', .. name, .. "\":"u8, .. value]);
        }
        return [(byte)'{', .. members.SelectMany((m, i) => i == 0 ? m : [(byte)',', .. m]), (byte)'}'];
    }
}
