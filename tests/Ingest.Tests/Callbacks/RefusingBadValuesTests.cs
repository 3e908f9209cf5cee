using System.Net;
using System.Text;
using Contracts.Recordings;
using Ingest.Tencent;

namespace Ingest.Tests.Callbacks;

[Collection(DefaultHostCollection.Name)]
public class RefusingBadValuesTests(IngestHostFixture fixture) : IngestTest(fixture)
{
    private static Dictionary<string, object?> Payload(string stream, string file) => TencentPayloads.Recording(stream, file, "mp4", 1_790_000_000, 1_790_000_600);

    [Fact]
    public async Task BadValuesAreRefusedWith400NamingTheFieldAndQuarantinedBeforeTheDatabaseSeesThem()
    {
        var host = Host;
        var nul = Payload("1_bad", "f-nul");
        nul["app"] = "a\0b";
        var surrogate = "{\"extra\":{\"deep\":[\"\\ud800\"]}," + IngestHost.Signed(Payload("1_bad", "f-sur"))[1..];
        var millis = Payload("1_bad", "f-ms");
        millis["end_time"] = 1_790_000_600_000L;
        var fraction = Payload("1_bad", "f-float");
        fraction["file_size"] = 10.5;
        var negative = Payload("1_bad", "f-neg");
        negative["file_size"] = -1;
        const long tMillis = 1_795_247_068_000;
        var cases = new (string Body, string Field)[]
        {
            (IngestHost.Signed(nul), "'app'"),
            (surrogate, "'extra.deep[0]'"),
            (IngestHost.Signed(millis), "'end_time'"),
            (IngestHost.Signed(Payload("1_bad", "f-t"), t: tMillis), "'t'"),
            (IngestHost.Signed(Payload("1_bad", "f-big"), t: long.MaxValue), "'t'"),
            (IngestHost.Signed(fraction), "'file_size'"),
            (IngestHost.Signed(negative), "'file_size'"),
            (IngestHost.Signed(Payload(new string('s', 300), "f-long")), "'stream_id'"),
        };

        foreach (var (body, field) in cases)
        {
            var response = await host.PostAsync(body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await IngestHost.JsonAsync(response);
            Assert.Equal("invalid-field", problem.GetProperty("reason").GetString());
            Assert.Contains(field, problem.GetProperty("detail").GetString());
            Assert.True(problem.GetProperty("quarantineId").GetInt64() > 0);
        }
        Assert.Contains("looks like milliseconds", await DetailOf(host, IngestHost.Signed(Payload("1_bad", "f-t2"), t: tMillis)));
        Assert.Equal(cases.Length + 1L, await host.ScalarAsync<long>("SELECT count(*) FROM ingest.quarantine WHERE reason = 'invalid-field'"));
        Assert.Empty(await host.StreamAsync(LiveStreamIds.For("tencent", "1_bad")));
    }

    [Fact]
    public async Task OddButStorableValuesAreKeptAndABomIsHarmless()
    {
        var host = Host;
        var odd = Payload("1_odd", "f-odd");
        odd["app"] = "主播🎥\u202Ertl";
        odd["start_time"] = 1_790_000_900;
        var bom = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(IngestHost.Signed(odd))).ToArray();

        var response = await host.Client.PostAsync("/callbacks/tencent", new ByteArrayContent(bom));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var file = Assert.IsType<RecordingFileCreated>((await host.StreamAsync(LiveStreamIds.For("tencent", "1_odd")))[0].Data);
        Assert.Equal("主播🎥\u202Ertl", file.Details.App);
        Assert.True(file.TimesInconsistent);
    }

    [Fact]
    public async Task ACallbackTheDatabaseRefusesIsAnswered500AndQuarantinedWithItsCause()
    {
        // A host and database of its own: the test changes the schema, which a reset does not undo.
        await using var host = await IngestHost.StartAsync();
        // A constraint no check of ours knows about: only the database can refuse this callback.
        await host.ScalarAsync<int>("ALTER TABLE eventlog.events ADD CONSTRAINT no_doomed CHECK (stream_id <> 'livestream:tencent:1_doomed'); SELECT 1");

        var responses = await Task.WhenAll(Enumerable.Range(0, 20)
            .Select(i => host.PostAsync(IngestHost.Signed(i == 7 ? Payload("1_doomed", "f-doomed") : Payload($"1_fine{i}", $"f-{i}")))));

        Assert.All(responses.Where((_, i) => i != 7), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var doomed = responses[7];
        Assert.Equal(HttpStatusCode.InternalServerError, doomed.StatusCode);
        var text = await doomed.Content.ReadAsStringAsync();
        Assert.DoesNotContain("Exception", text);
        Assert.DoesNotContain("23514", text);
        var problem = await IngestHost.JsonAsync(doomed);
        Assert.Equal("internal-error", problem.GetProperty("reason").GetString());
        var id = problem.GetProperty("quarantineId").GetInt64();
        var detail = await host.ScalarAsync<string>($"SELECT detail FROM ingest.quarantine WHERE id = {id}");
        Assert.Contains("PostgresException 23514", detail);
        Assert.Equal(19 * 2, await host.ScalarAsync<long>("SELECT count(*) FROM eventlog.events"));
    }

    private static async Task<string> DetailOf(IngestHost host, string body) =>
        (await IngestHost.JsonAsync(await host.PostAsync(body))).GetProperty("detail").GetString()!;
}
