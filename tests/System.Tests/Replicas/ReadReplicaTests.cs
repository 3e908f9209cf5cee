using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Npgsql;
using SystemTests.Harness;
using Testing;

namespace SystemTests.Replicas;

/// <summary>
/// A primary and a streaming hot standby made by <c>pg_basebackup -R</c>, the catalog reading from the standby through
/// <c>ConnectionStrings:CatalogReads</c> (multi-host, prefer-standby) while it writes to the primary.
/// </summary>
public sealed class ReadReplicaTests
{
    private const string ReadsName = "catalog-reads";

    [Fact]
    public async Task QueriesReadTheStandbyEditorsReadTheirOwnWritesAndAStoppedStandbyFallsBackToThePrimary()
    {
        await using var system = await PrimaryAndStandby.StartAsync("00:00:00.2");
        var (primary, standby, log, catalog) = (system.Primary, system.Standby, system.Log, system.Catalog);
        using var editor = system.Editor();

        var startedAt = new DateTimeOffset(2026, 11, 1, 20, 0, 0, TimeSpan.Zero);
        var first = Guid.CreateVersion7();
        await log.AppendRecordingAsync("anchorreplica", first, 0, startedAt);
        await log.WaitUntilCaughtUpAsync(TimeSpan.FromSeconds(30));
        // A standby that has not replayed the catalog's tables yet moves reads to the primary until its next check.
        await system.UntilStandbyInUseAsync();
        await Eventually.TrueAsync(async () => (await editor.GetStringAsync("/v1/anchors/anchorreplica/programs")).Contains(first.ToString()), "program read");

        // The reads came from the standby: its sessions carry the reads' application name, and the primary has none.
        Assert.True(await ScalarAsync<long>(standby.ConnectionString("catalog"), $"SELECT count(*) FROM pg_stat_activity WHERE application_name = '{ReadsName}'") > 0);
        Assert.Equal(0L, await ScalarAsync<long>(primary.ConnectionString("catalog"), $"SELECT count(*) FROM pg_stat_activity WHERE application_name = '{ReadsName}'"));

        // With the standby's replay paused, what is written now is on the primary only.
        await ScalarAsync<object>(standby.ConnectionString("catalog"), "SELECT pg_wal_replay_pause()");
        var second = Guid.CreateVersion7();
        await log.AppendRecordingAsync("anchorreplica", second, 0, startedAt.AddDays(1));
        await log.WaitUntilCaughtUpAsync(TimeSpan.FromSeconds(30));
        Assert.DoesNotContain(second.ToString(), await editor.GetStringAsync("/v1/anchors/anchorreplica/programs"));

        using var put = await editor.PutAsync("/v1/feeds/replica-picks", new StringContent("""{"title":"Replica picks"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        var written = put.Headers.ETag!;
        await log.WaitUntilCaughtUpAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.NotFound, (await editor.GetAsync("/v1/feeds/replica-picks")).StatusCode);
        using var ownWrite = new HttpRequestMessage(HttpMethod.Get, "/v1/feeds/replica-picks") { Headers = { IfNoneMatch = { written } } };
        using var own = await editor.SendAsync(ownWrite);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal("Replica picks", JsonDocument.Parse(await own.Content.ReadAsStringAsync()).RootElement.GetProperty("title").GetString());
        using var byQuery = await editor.GetAsync($"/v1/feeds/replica-picks?minVersion={written.Tag.Trim('"')}");
        Assert.Equal(HttpStatusCode.OK, byQuery.StatusCode);

        // The standby stops: reads go on, from the primary, without an error in between.
        await standby.StopAsync();
        for (var i = 0; i < 20; i++)
        {
            using var response = await editor.GetAsync("/v1/anchors/anchorreplica/programs");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        Assert.Contains(second.ToString(), await editor.GetStringAsync("/v1/anchors/anchorreplica/programs"));
        Assert.Contains("not reachable", await catalog.Http.GetStringAsync("/readyz"));
    }

    [Fact]
    public async Task AGrpcQueryWhoseStandbyStopsMidwayIsAnsweredByThePrimary()
    {
        // The lag check runs once at start and not again during the test: only the failed query can take the standby out of use.
        await using var system = await PrimaryAndStandby.StartAsync("01:00:00");
        var (standby, log, catalog) = (system.Standby, system.Log, system.Catalog);
        await system.UntilStandbyInUseAsync();

        var program = Guid.CreateVersion7();
        await log.AppendRecordingAsync("anchorgrpc", program, 0, new DateTimeOffset(2026, 11, 1, 20, 0, 0, TimeSpan.Zero));
        var request = GrpcCall.StringField1("anchorgrpc");
        await Eventually.TrueAsync(async () =>
        {
            var fromStandby = await GrpcCall.UnaryAsync(catalog.GrpcAddress!, "/catalog.v1.CatalogService/ListAnchorPrograms", request);
            Assert.Equal("0", fromStandby.GrpcStatus);
            return Encoding.UTF8.GetString(fromStandby.Message).Contains(program.ToString());
        }, "program read over gRPC");
        Assert.Contains("in use", await catalog.Http.GetStringAsync("/readyz"));
        Assert.True(await ScalarAsync<long>(standby.ConnectionString("catalog"), $"SELECT count(*) FROM pg_stat_activity WHERE application_name = '{ReadsName}'") > 0);

        // The standby stops under the pooled session that served that read: the next call fails there and runs again on the primary.
        await standby.StopAsync();
        var fromPrimary = await GrpcCall.UnaryAsync(catalog.GrpcAddress!, "/catalog.v1.CatalogService/ListAnchorPrograms", request);
        Assert.Equal((HttpStatusCode.OK, "0"), (fromPrimary.Status, fromPrimary.GrpcStatus));
        Assert.Contains(program.ToString(), Encoding.UTF8.GetString(fromPrimary.Message));
        Assert.Contains("failed a query", await catalog.Http.GetStringAsync("/readyz"));
    }

    [Fact]
    public async Task CurationDecidesOnThePrimaryAndAWatchFeedStreamGoesOnWhenItsStandbyStops()
    {
        // As above, only a failed read can take the standby out of use during the test.
        await using var system = await PrimaryAndStandby.StartAsync("01:00:00");
        var (standby, log, catalog) = (system.Standby, system.Log, system.Catalog);
        using var editor = system.Editor();
        await system.UntilStandbyInUseAsync();

        // Programs the standby has not replayed: an editor can feature one and hide the other all the same.
        await ScalarAsync<object>(standby.ConnectionString("catalog"), "SELECT pg_wal_replay_pause()");
        var (program, other) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        await log.AppendRecordingAsync("anchorwatch", program, 0, new DateTimeOffset(2026, 11, 1, 20, 0, 0, TimeSpan.Zero));
        await log.AppendRecordingAsync("anchorwatch", other, 0, new DateTimeOffset(2026, 11, 2, 20, 0, 0, TimeSpan.Zero));
        await log.WaitUntilCaughtUpAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.NotFound, (await catalog.Http.GetAsync($"/v1/programs/{program}")).StatusCode);
        using var created = await editor.PutAsync("/v1/feeds/watch-picks", Json("""{"title":"Watch picks"}"""));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var feature = new HttpRequestMessage(HttpMethod.Put, $"/v1/feeds/watch-picks/items/{program}") { Content = Json("{}"), Headers = { IfMatch = { created.Headers.ETag! } } };
        using var featured = await editor.SendAsync(feature);
        Assert.Equal(HttpStatusCode.OK, featured.StatusCode);
        using var hidden = await editor.PostAsync($"/v1/programs/{other}/hide", Json("""{"reason":"duplicate upload"}"""));
        Assert.Equal(HttpStatusCode.OK, hidden.StatusCode);
        await ScalarAsync<object>(standby.ConnectionString("catalog"), "SELECT pg_wal_replay_resume()");
        await log.WaitUntilCaughtUpAsync(TimeSpan.FromSeconds(30));
        // The public read comes from the standby: once it shows the program, the standby has replayed the feed.
        await Eventually.TrueAsync(async () =>
        {
            using var feed = await catalog.Http.GetAsync("/v1/feeds/watch-picks");
            return feed.IsSuccessStatusCode && (await feed.Content.ReadAsStringAsync()).Contains(program.ToString());
        }, "featured feed on the standby");

        using var watching = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var pages = GrpcCall.StreamAsync(catalog.GrpcAddress!, "/catalog.v1.CatalogService/WatchFeed", GrpcCall.StringField1("watch-picks"), watching.Token)
            .GetAsyncEnumerator(watching.Token);
        Assert.True(await pages.MoveNextAsync());
        Assert.Contains(program.ToString(), Encoding.UTF8.GetString(pages.Current));

        // The standby stops under the pooled sessions that served the first page. Curation goes on (it never read
        // there), the next version's page is read on the primary, and the watcher gets it on the same call.
        await standby.StopAsync();
        using var rename = new HttpRequestMessage(HttpMethod.Put, "/v1/feeds/watch-picks") { Content = Json("""{"title":"Watch picks, renamed"}"""), Headers = { IfMatch = { featured.Headers.ETag! } } };
        using var renamed = await editor.SendAsync(rename);
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.True(await pages.MoveNextAsync());
        var next = Encoding.UTF8.GetString(pages.Current);
        Assert.Contains("Watch picks, renamed", next);
        Assert.Contains(program.ToString(), next);
        Assert.Contains("failed a query", await catalog.Http.GetStringAsync("/readyz"));
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    /// <summary>A primary, its streaming standby, and a catalog writing to the one and reading from the other.</summary>
    private sealed record PrimaryAndStandby(LocalPostgres Primary, LocalPostgres Standby, LogClient Log, ServiceProcess Catalog) : IAsyncDisposable
    {
        public static async Task<PrimaryAndStandby> StartAsync(string checkInterval)
        {
            var primary = await LocalPostgres.StartAsync();
            var db = await primary.CreateDatabaseAsync("catalog");
            var standby = await primary.StartStandbyAsync();
            var reads = new NpgsqlConnectionStringBuilder(db)
            {
                Host = $"127.0.0.1:{standby.Port},127.0.0.1:{primary.Port}",
                ApplicationName = ReadsName,
                TargetSessionAttributes = "prefer-standby",
            }.ConnectionString;
            var catalog = Services.StartCatalog(db, new Dictionary<string, string>
            {
                ["ConnectionStrings__CatalogReads"] = reads,
                ["Catalog__Replicas__MaxLag"] = "00:01:00",
                ["Catalog__Replicas__CheckInterval"] = checkInterval,
            });
            var system = new PrimaryAndStandby(primary, standby, new LogClient(db), catalog);
            try
            {
                await catalog.WaitUntilAsync("/readyz", TimeSpan.FromSeconds(60));
            }
            catch
            {
                await system.DisposeAsync();
                throw;
            }
            return system;
        }

        public HttpClient Editor() => new()
        {
            BaseAddress = Catalog.BaseAddress,
            DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", Services.EditorKey) },
        };

        /// <summary>
        /// Until the standby has replayed what the primary wrote (the catalog's tables: a table missing there would
        /// move reads away too) and the catalog reads from it.
        /// </summary>
        public async Task UntilStandbyInUseAsync()
        {
            await WaitUntilReplayedAsync(Primary, Standby);
            await Eventually.TrueAsync(async () => (await Catalog.Http.GetStringAsync("/readyz")).Contains("in use"), "standby in use");
        }

        public async ValueTask DisposeAsync()
        {
            await Catalog.DisposeAsync();
            await Log.DisposeAsync();
            await Standby.DisposeAsync();
            await Primary.DisposeAsync();
        }
    }

    /// <summary>Waits until the standby has replayed everything the primary has written so far.</summary>
    private static async Task WaitUntilReplayedAsync(LocalPostgres primary, LocalPostgres standby)
    {
        var written = await ScalarAsync<long>(primary.ConnectionString("catalog"), "SELECT (pg_current_wal_lsn() - '0/0')::bigint");
        await Eventually.TrueAsync(async () => await ScalarAsync<long>(standby.ConnectionString("catalog"),
            "SELECT (pg_last_wal_replay_lsn() - '0/0')::bigint") >= written, "standby replayed the primary's writes");
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
