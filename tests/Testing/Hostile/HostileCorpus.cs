using System.Text;

namespace Testing.Hostile;

/// <summary>
/// Signed Tencent callbacks whose every field in turn holds a hostile value (NUL, lone surrogates, huge, negative and
/// fractional numbers, nesting, very long strings), body-level oddities (duplicate keys, BOM, bytes that are not UTF-8,
/// roots that are not objects, wrong content types, bad signatures), and valid callbacks mixed in, in a seeded order.
/// </summary>
public static class HostileCorpus
{
    private const long Base = 1_790_000_000;

    private sealed record Value(string Name, string Raw, Kind Kind);

    private enum Kind { Unstorable, Odd, Number, NotInteger }

    private static readonly Value[] Values =
    [
        new("nul", TencentBody.Json("a\0b"), Kind.Unstorable),
        new("lone high surrogate", TencentBody.Json("x\ud800y"), Kind.Unstorable),
        new("lone low surrogate", TencentBody.Json("\udc00"), Kind.Unstorable),
        new("nested nul", """{"a":[1,{"b":"c\u0000"}]}""", Kind.Unstorable),
        new("nul in a nested name", """{"\u0000k":1}""", Kind.Unstorable),
        new("nesting beyond 64", new string('[', 80) + new string(']', 80), Kind.Unstorable),
        new("number beyond PostgreSQL", "1e999999", Kind.Unstorable),
        new("long string", TencentBody.Json(new string('x', 20_000)), Kind.Odd),
        new("string over id length", TencentBody.Json(new string('y', 300)), Kind.Odd),
        new("emoji and rtl", TencentBody.Json("主播🎥\u202Ertl"), Kind.Odd),
        new("empty string", "\"\"", Kind.Odd),
        new("nested 50", new string('[', 50) + new string(']', 50), Kind.Odd),
        new("object", """{"a":{"b":[1,2,{"c":"d"}]}}""", Kind.Odd),
        new("empty array", "[]", Kind.Odd),
        new("true", "true", Kind.Odd),
        new("null", "null", Kind.Odd),
        new("milliseconds", "1795247068000", Kind.Number),
        new("2^63", "9223372036854775808", Kind.NotInteger),
        new("-2^63-1", "-9223372036854775809", Kind.NotInteger),
        new("2^64", "18446744073709551616", Kind.NotInteger),
        new("minus one", "-1", Kind.Number),
        new("zero", "0", Kind.Number),
        new("fraction", "3.5", Kind.NotInteger),
        new("integral float", "100.0", Kind.NotInteger),
        new("1e400", "1e400", Kind.NotInteger),
        new("-1e400", "-1e400", Kind.NotInteger),
        new("NaN as string", "\"NaN\"", Kind.NotInteger),
        new("Infinity as string", "\"Infinity\"", Kind.NotInteger),
        new("number as string", "\"1795247068\"", Kind.Odd),
    ];

    public static IReadOnlyList<HostileCase> Generate(string key, DateTimeOffset now, int validRecordings = 300, int seed = 10)
    {
        var cases = new List<HostileCase>();
        var i = 0;
        foreach (var (type, body, times) in Templates())
            foreach (var field in body.Names.Concat(["x_extra", "t", "sign"]).Distinct().ToList())
                foreach (var value in Values)
                {
                    var n = i++;
                    var mutated = Fresh(type, n).Set(field, value.Raw);
                    var text = field is "t" or "sign" ? mutated.Signed("unused-key-the-sign-no-longer-matches", now).Text() : mutated.Signed(key, now).Text();
                    cases.Add(new($"{type} {field} = {value.Name}", Encoding.UTF8.GetBytes(text), "application/json",
                        ExpectedOf(field, value, times)));
                }

        for (var j = 0; j < validRecordings; j++)
        {
            var start = Base + j * 600;
            cases.Add(Valid($"valid recording {j}", TencentBody.Recording($"v{j}", $"vf-{j}", start, 600).Signed(key, now), $"v{j}", $"vf-{j}"));
        }
        cases.Add(Valid("valid push", TencentBody.Push(1, "vpush", Base, "seq-v").Signed(key, now)));
        cases.Add(Valid("valid cut-off", TencentBody.Push(0, "vpush", Base + 60, "seq-v").Signed(key, now)));
        cases.Add(Valid("valid screenshot", TencentBody.Screenshot("vpush", Base + 10, "/shot/v.jpg").Signed(key, now)));
        cases.AddRange(BodyLevel(key, now));
        return Shuffle(cases, seed);
    }

    private static IEnumerable<(string Type, TencentBody Body, string[] Times)> Templates() =>
    [
        ("recording", TencentBody.Recording("h", "hf", Base, 600), ["start_time", "end_time"]),
        ("push", TencentBody.Push(1, "h", Base, "seq"), ["event_time"]),
        ("cut-off", TencentBody.Push(0, "h", Base, "seq"), ["event_time"]),
        ("screenshot", TencentBody.Screenshot("h", Base, "/shot.jpg"), ["create_time"]),
        ("status", TencentBody.Other(332, "h", Base), ["event_time"]),
        ("error", TencentBody.Other(341, "h", Base), ["event_time"]),
        ("unknown", TencentBody.Other(999, "h", Base), []),
    ];

    /// <summary>The template's body with ids of its own, so an accepted mutation never collides with another case.</summary>
    private static TencentBody Fresh(string type, int n)
    {
        var anchor = $"h{n % 40}";
        var at = Base + n * 7200L;
        return type switch
        {
            "recording" => TencentBody.Recording(anchor, $"hf-{n}", at, 600),
            "push" => TencentBody.Push(1, anchor, at, $"seq-{n}"),
            "cut-off" => TencentBody.Push(0, anchor, at, $"seq-{n}"),
            "screenshot" => TencentBody.Screenshot(anchor, at, $"/shot/{n}.jpg"),
            "status" => TencentBody.Other(332, anchor, at),
            "error" => TencentBody.Other(341, anchor, at),
            _ => TencentBody.Other(999, anchor, at),
        };
    }

    private static Expected ExpectedOf(string field, Value value, string[] times)
    {
        if (value.Kind == Kind.Unstorable || field is "t" or "sign") return Expected.Refused;
        // A time must be Unix seconds in the sane window (a numeric string is read as one; a missing optional time is kept).
        if (times.Contains(field)) return value.Name is "null" or "number as string" ? Expected.Either : Expected.Refused;
        if (field == "event_type") return value.Kind == Kind.Number ? Expected.Either : Expected.Refused;
        return Expected.Either;
    }

    private static IEnumerable<HostileCase> BodyLevel(string key, DateTimeOffset now)
    {
        var n = 0;
        HostileCase Recording(string name, Func<TencentBody, byte[]> bytes, string? contentType, Expected expected)
        {
            var anchor = $"b{n}";
            var file = $"bf-{n++}";
            var body = TencentBody.Recording(anchor, file, Base + n * 600, 600).Signed(key, now);
            return new(name, bytes(body), contentType, expected, expected == Expected.Accepted ? anchor : null, expected == Expected.Accepted ? file : null);
        }
        byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);
        byte[] Spliced(string text, string marker, byte[] bytes)
        {
            var at = text.IndexOf(marker, StringComparison.Ordinal);
            return [.. Utf8(text[..at]), .. bytes, .. Utf8(text[(at + marker.Length)..])];
        }

        yield return Recording("BOM", b => [.. Encoding.UTF8.GetPreamble(), .. Utf8(b.Text())], "application/json", Expected.Accepted);
        foreach (var type in new[] { "text/plain", "application/x-www-form-urlencoded", "application/xml", "application/json; charset=utf-16" })
            yield return Recording($"content type {type}", b => Utf8(b.Text()), type, Expected.Accepted);
        yield return Recording("no content type", b => Utf8(b.Text()), null, Expected.Accepted);
        yield return Recording("duplicate stream_id", b => Utf8(b.Text("\"stream_id\":\"1400_other\"")), "application/json", Expected.Refused);
        yield return Recording("duplicate sign", b => Utf8(b.Text("\"sign\":\"0\"")), "application/json", Expected.Refused);
        yield return Recording("lone surrogate in a top-level name", b => Utf8(b.Text("\"\\ud800\":1")), "application/json", Expected.Refused);
        yield return Recording("byte 0xFF in a string", b => Spliced(b.Text(), "live.example.com", [0x6C, 0xFF, 0x76]), "application/json", Expected.Refused);
        yield return Recording("overlong NUL (0xC0 0x80)", b => Spliced(b.Text(), "live.example.com", [0xC0, 0x80]), "application/json", Expected.Refused);
        yield return Recording("UTF-16 body", b => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(b.Text())], "application/json", Expected.Refused);
        yield return Recording("truncated", b => Utf8(b.Text()[..^10]), "application/json", Expected.Refused);
        yield return Recording("form encoded", _ => Utf8("event_type=100&stream_id=1400_form&sign=x&t=1"), "application/x-www-form-urlencoded", Expected.Refused);
        yield return Recording("as an array", b => Utf8("[" + b.Text() + "]"), "application/json", Expected.Refused);
        yield return Recording("wrong key", b => Utf8(b.Copy().Remove("sign").Remove("t").Signed("wrong-key", now).Text()), "application/json", Expected.Refused);
        yield return Recording("expired", b => Utf8(b.Copy().Remove("sign").Remove("t").Signed(key, now.AddDays(-1)).Text()), "application/json", Expected.Refused);
        yield return Recording("t in milliseconds, signed", b => Utf8(b.Copy().Set("t", "1795247068000").Set("sign", TencentBody.Json(TencentBody.Sign(key, "1795247068000"))).Text()), "application/json", Expected.Refused);
        yield return Recording("t of 2^63-1, signed", b => Utf8(b.Copy().Set("t", long.MaxValue.ToString()).Set("sign", TencentBody.Json(TencentBody.Sign(key, long.MaxValue.ToString()))).Text()), "application/json", Expected.Refused);
        yield return Recording("t missing", b => Utf8(b.Copy().Remove("t").Text()), "application/json", Expected.Refused);
        foreach (var raw in new[] { "", "not json", "null", "42", "\"text\"", "{", "{}", "{\"event_type\":100}" })
            yield return new($"body {raw}", Utf8(raw), "application/json", Expected.Refused);
    }

    private static HostileCase Valid(string name, TencentBody body, string? anchor = null, string? file = null) =>
        new(name, Encoding.UTF8.GetBytes(body.Text()), "application/json", Expected.Accepted, anchor, file);

    private static List<HostileCase> Shuffle(List<HostileCase> cases, int seed)
    {
        var random = new Random(seed);
        var shuffled = cases.ToList();
        for (var k = shuffled.Count - 1; k > 0; k--)
        {
            var j = random.Next(k + 1);
            (shuffled[k], shuffled[j]) = (shuffled[j], shuffled[k]);
        }
        return shuffled;
    }
}
