using System.Text;
using Contracts.Recordings;
using Ingest.LiveStreams;
using Ingest.Senders;
using Ingest.Senders.Tencent;
using Ingest.Tencent;

namespace Ingest.Tests.Tencent;

/// <summary>The fields a Tencent callback maps to nothing are kept in <c>Extra</c>, however their names are spelled.</summary>
public class TencentExtraFieldsTests
{
    private static readonly TencentOptions Options = new() { CallbackKey = "extra-key" };
    private static readonly TencentSender Sender = new(
        new TencentSignature(Options), new TencentCallbackParser(new AnchorIds(new AnchorIdOptions()), new IngestOptions()), Options);

    private static readonly string LongName = new('n', 70);

    [Fact]
    public void EscapedLongAndNonAsciiNamesAreKeptAndMappedOrSignatureNamesAreNotWhateverTheirEscapes()
    {
        var body = $$"""
            {"event_type":100,"stream_id":"1_extra","file_id":"f-1","file_format":"mp4","video_url":"http://vod.example/f-1.mp4",
             "end_time":1790000600,"duration":600,"\u0061pp":"push.example","\u0074":1790000900,"si\u0067n":"x",
             "\u0063hannel_id":"c-1","{{LongName}}":1,"频道":"y","\u9891\u9053x":"z"}
            """;
        var parsed = Sender.Parse(SenderRequest.From(Encoding.UTF8.GetBytes(body), [], "/callbacks/tencent", DateTimeOffset.UnixEpoch));

        var file = Assert.IsType<RecordingFileCreated>(Assert.Single(parsed.Callbacks).Fact);
        Assert.Equal("push.example", file.Details.App);
        var extra = file.Details.Extra!.Value;
        Assert.Equal(["channel_id", LongName, "频道", "频道x"], extra.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("c-1", 1, "y", "z"),
            (extra.GetProperty("channel_id").GetString(), extra.GetProperty(LongName).GetInt32(), extra.GetProperty("频道").GetString(), extra.GetProperty("频道x").GetString()));
    }

    [Fact]
    public void ACallbackWithoutUnmappedFieldsHasNoExtra()
    {
        var body = """{"event_type":100,"stream_id":"1_extra","file_id":"f-2","file_format":"mp4","video_url":"u","end_time":1790000600,"duration":600,"t":1,"sign":"s"}""";
        var parsed = Sender.Parse(SenderRequest.From(Encoding.UTF8.GetBytes(body), [], "/callbacks/tencent", DateTimeOffset.UnixEpoch));

        Assert.Null(Assert.IsType<RecordingFileCreated>(Assert.Single(parsed.Callbacks).Fact).Details.Extra);
    }
}
