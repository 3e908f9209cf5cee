using System.Globalization;
using System.Text;
using Contracts.Recordings;
using EventLog;
using Ingest.Callbacks;
using Ingest.Callbacks.Checking;
using Ingest.LiveStreams;
using Ingest.LiveStreams.Deciding;
using Ingest.Senders;
using Ingest.Senders.Tencent;
using Ingest.Tencent;
using Testing.Hostile;

namespace Ingest.Tests.Tencent;

/// <summary>The Tencent sender (signature, then parser) and the storable check over random JSON: a callback or a refusal, never an exception.</summary>
public class TencentReaderPropertyTests
{
    private const string Key = "property-key";
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);
    private static readonly TencentOptions Options = new() { CallbackKey = Key };
    private static readonly TencentSender Sender = new(
        new TencentSignature(Options), new TencentCallbackParser(new AnchorIds(new AnchorIdOptions()), new IngestOptions()), Options);
    private static readonly EventTypeRegistry Types = new EventTypeRegistry().Register(RecordingEventTypes.All);
    private static readonly PlacementRules Rules = new(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(5));

    private static readonly string[] Fields =
    [
        "event_type", "appid", "app", "appname", "stream_id", "channel_id", "file_id", "record_file_id", "file_format", "task_id",
        "start_time", "end_time", "start_time_usec", "end_time_usec", "duration", "file_size", "stream_param", "video_url",
        "callback_ext", "video_id", "record_temp_id", "event_time", "sequence", "push_duration", "errcode", "errmsg", "user_ip",
        "create_time", "pic_url", "pic_full_url", "width", "height", "sign", "t",
    ];

    private static readonly string[] Leaves =
    [
        "0", "-1", "1", "100", "200", "1795247068", "1795247068000", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
        "3.5", "100.0", "1e400", "-1e400", "1e999999", "-0", "true", "false", "null", "\"\"", "\"mp4\"", "\"1400_anchor\"",
        "\"a\\u0000b\"", "\"\\ud800\"", "\"\\udc00x\"", "\"\\ud83c\\udfa5\"", "\"NaN\"", "\"Infinity\"", "\"1795247068\"", "\" 42 \"",
        "\"{\\\"a\\\":\\\"\\\\u0000\\\"}\"", "\"{\\\"codec\\\":\\\"h264\\\"}\"", "[]", "{}",
    ];

    [Fact]
    public void RandomJsonValuesAreReadOrRefusedAndWhatPassesCanBeStoredAndDecided()
    {
        var random = new Random(20261121);
        var outcomes = new Dictionary<string, int>();
        for (var i = 0; i < 5_000; i++)
        {
            var (body, signed) = RandomBody(random);
            var outcome = Check(Encoding.UTF8.GetBytes(body), new ReplayWaivers(SkipSignature: !signed), body);
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }
        // The generator reaches every way through: accepted callbacks, and refusals of each kind.
        Assert.True(outcomes.GetValueOrDefault("accepted") > 500, string.Join(", ", outcomes));
        Assert.All(new[] { "malformed-json", "invalid-field" }, reason => Assert.True(outcomes.GetValueOrDefault(reason) > 100, string.Join(", ", outcomes)));
    }

    [Fact]
    public void EveryHostileCorpusCaseIsReadOrRefusedAsTheCorpusExpects()
    {
        var corpus = HostileCorpus.Generate(Key, Now);
        Assert.True(corpus.Count >= 1_000);
        foreach (var c in corpus)
        {
            var outcome = Check(c.Body, ReplayWaivers.None, c.Name);
            if (c.Expected == Expected.Accepted) Assert.True(outcome == "accepted", $"{c.Name}: {outcome}");
            if (c.Expected == Expected.Refused) Assert.True(outcome != "accepted", $"{c.Name} was accepted");
        }
    }

    /// <summary>Reads a body; the outcome is "accepted" or the refusal's reason. Fails when anything throws or the result is unusable.</summary>
    private static string Check(byte[] body, ReplayWaivers waivers, string name)
    {
        var request = SenderRequest.From(body, [], "/callbacks/tencent", Now);
        var refusal = waivers.SkipSignature ? null : Sender.Authenticate(request, Now, acceptExpired: false);
        LiveStreamCallback? callback = null;
        if (refusal is null)
        {
            var parsed = Sender.Parse(request);
            refusal = parsed.Refusal;
            callback = refusal is null ? Assert.Single(parsed.Callbacks) : null;
            Assert.True(refusal is null || parsed.Callbacks.Count == 0, $"callbacks and a refusal for {name}");
        }
        if (refusal is not null)
        {
            Assert.False(string.IsNullOrWhiteSpace(refusal.Detail));
            Assert.True(refusal.StatusCode is >= 400 and < 500, $"{name}: {refusal.Kind}");
            return refusal.Reason;
        }
        if (StorableFacts.Check(callback!) is { } unstorable) return unstorable.Reason;

        // What passes is what the database gets: it serializes without NUL, and the decider takes it.
        var json = Types.Serialize(callback!.Fact);
        using (var stored = System.Text.Json.JsonDocument.Parse(json))
            Assert.Null(StorableJson.Find(stored.RootElement, ""));
        var events = DecideCallback.Decide(LiveStream.Empty, callback, Rules);
        Assert.NotEmpty(events);
        Assert.All(events, e => Types.Serialize(e));
        return "accepted";
    }

    private static (string Body, bool Signed) RandomBody(Random random)
    {
        if (random.Next(10) == 0) return (RandomValue(random, 0), false);
        if (random.Next(5) < 2) return (NearlyValid(random), true);
        var members = new List<string>();
        if (random.Next(10) > 0) members.Add($"\"event_type\":{Pick(random, ["100", "100", "100", "1", "0", "200", "332", "341", "999", "-5", "100.0", "\"100\""])}");
        var count = random.Next(0, 14);
        for (var i = 0; i < count; i++)
        {
            var name = random.Next(5) > 0 ? Pick(random, Fields) : TencentBody.Json(RandomText(random))[1..^1];
            if (name is "sign" or "t" || members.Any(m => m.StartsWith($"\"{name}\":", StringComparison.Ordinal))) continue;
            members.Add($"\"{name}\":{RandomValue(random, 1)}");
        }
        var signed = random.Next(2) == 0;
        if (signed)
        {
            var t = random.Next(4) == 0 ? Pick(random, ["1795247068000", "-1", "0", "9223372036854775807", "1795247068"]) : Now.AddMinutes(5).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            members.Add($"\"t\":{t}");
            members.Add($"\"sign\":\"{TencentBody.Sign(Key, t)}\"");
        }
        return ("{" + string.Join(",", members) + "}", signed);
    }

    /// <summary>A well-formed callback with up to three fields replaced by random values: deep into the parser.</summary>
    private static string NearlyValid(Random random)
    {
        var start = 1_790_000_000L + random.Next(1_000_000);
        var body = random.Next(4) switch
        {
            0 => TencentBody.Push(random.Next(2), "anchor", start, "seq"),
            1 => TencentBody.Screenshot("anchor", start, "/shot.jpg"),
            _ => TencentBody.Recording("anchor", "file", start, random.Next(1, 7200)),
        };
        var names = body.Names.ToArray();
        for (var i = random.Next(4); i > 0; i--) body.Set(Pick(random, names), RandomValue(random, 1));
        return body.Signed(Key, Now).Text();
    }

    private static string RandomValue(Random random, int depth) => random.Next(depth < 3 ? 12 : 10) switch
    {
        < 6 => Pick(random, Leaves),
        6 => random.NextInt64(long.MinValue, long.MaxValue).ToString(CultureInfo.InvariantCulture),
        7 => (random.NextDouble() * Math.Pow(10, random.Next(-20, 20))).ToString("R", CultureInfo.InvariantCulture),
        8 or 9 => TencentBody.Json(RandomText(random)),
        10 => "[" + string.Join(",", Enumerable.Range(0, random.Next(4)).Select(_ => RandomValue(random, depth + 1))) + "]",
        _ => "{" + string.Join(",", Enumerable.Range(0, random.Next(4)).Select(k => $"\"k{k}\":{RandomValue(random, depth + 1)}")) + "}",
    };

    private static string RandomText(Random random)
    {
        var length = random.Next(10) == 0 ? random.Next(250, 9_000) : random.Next(0, 20);
        var chars = new char[length];
        for (var i = 0; i < length; i++)
            chars[i] = random.Next(20) switch { 0 => '\0', 1 => (char)random.Next(0xD800, 0xE000), 2 => (char)random.Next(0x20, 0xFFFF), _ => (char)random.Next(0x21, 0x7F) };
        return new string(chars);
    }

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];
}
