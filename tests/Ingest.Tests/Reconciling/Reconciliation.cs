using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Contracts.Recordings;
using Ingest.LiveStreams;
using Npgsql;
using Testing;
using Testing.Tencent;
using static Ingest.Tests.LiveStreams.Given;

namespace Ingest.Tests.Reconciling;

/// <summary>Ingest pointed at a SearchMedia stand-in, and the recordings both the stand-in and the callbacks speak of.</summary>
public static class Reconciliation
{
    public const string StandInSecret = "stand-in-secret-key";

    /// <summary>
    /// Ingest reconciling against <paramref name="vod"/>: runs only when asked (the scheduled run at start looks back one
    /// second, and is over when this returns), no settle delay, short back-offs.
    /// </summary>
    public static async Task<IngestHost> StartAsync(SearchMediaStandIn vod, Dictionary<string, string?>? settings = null, string? connectionString = null, string? secretKey = null)
    {
        var host = await IngestHost.StartAsync(connectionString, Settings(vod, settings, secretKey));
        await WaitForTheRunAtStartAsync(host);
        return host;
    }

    public static Dictionary<string, string?> Settings(SearchMediaStandIn vod, Dictionary<string, string?>? settings = null, string? secretKey = null)
    {
        var all = vod.Settings(secretKey);
        all["Tencent:Reconcile:LookBack"] = "00:00:01";
        all["Tencent:Reconcile:Interval"] = "01:00:00";
        all["Tencent:Reconcile:SettleDelay"] = "00:00:00";
        all["Tencent:Reconcile:Backoff"] = "00:00:00.050";
        all["Tencent:Reconcile:LockRetryInterval"] = "00:00:00.200";
        foreach (var (k, v) in settings ?? []) all[k] = v;
        return all;
    }

    public static Task WaitForTheRunAtStartAsync(IngestHost host) => Eventually.TrueAsync(async () =>
    {
        try
        {
            return await host.ScalarAsync<long>("SELECT count(*) FROM ingest.reconcile_runs WHERE kind = 'scheduled' AND finished_at IS NOT NULL") > 0;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return false;
        }
    }, "the scheduled run at start to end");

    /// <summary>A recording file both as VOD lists it (created a minute after it ended, at <paramref name="createdAt"/>) and as its callback.</summary>
    public static (VodRecording Vod, LiveStreamCallback Callback) File(string fileId, string format, double startMinutes, double endMinutes,
        DateTimeOffset createdAt, string stream = StreamName)
    {
        var callback = Ingest.Tests.LiveStreams.Given.File(fileId, format, startMinutes, endMinutes, stream);
        var fact = (RecordingFileCreated)callback.Fact;
        return (new VodRecording(fileId, stream, format, fact.StartedAt, fact.EndedAt, createdAt), callback);
    }

    /// <summary>Asks for a run over the window and waits until it has finished; returns the run as the API shows it.</summary>
    public static async Task<JsonElement> RunAsync(IngestHost host, DateTimeOffset from, DateTimeOffset to)
    {
        using var request = host.Admin(HttpMethod.Post, $"/admin/reconcile?from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(to.ToString("O"))}");
        using var response = await host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        JsonElement run = default;
        await Eventually.TrueAsync(async () =>
        {
            using var get = host.Admin(HttpMethod.Get, location);
            run = await (await host.Client.SendAsync(get)).Content.ReadFromJsonAsync<JsonElement>();
            return run.GetProperty("state").GetString() is not ("pending" or "running");
        }, $"reconciliation run {location} to finish", seconds: 60);
        return run;
    }

    public static async Task<JsonElement> StatusAsync(IngestHost host)
    {
        using var request = host.Admin(HttpMethod.Get, "/admin/reconcile");
        using var response = await host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static int Files(this JsonElement run, string name) => run.GetProperty("files").GetProperty(name).GetInt32();

    /// <summary>The recording files of a live stream's log, each with how it was found.</summary>
    public static async Task<List<RecordingFileCreated>> FilesOfAsync(IngestHost host, string stream = StreamName) =>
        (await host.StreamAsync(LiveStreamIds.For("tencent", stream))).Select(e => e.Data).OfType<RecordingFileCreated>().ToList();

    public static async Task<LiveStream> StateOfAsync(IngestHost host, string stream = StreamName) =>
        (await host.StreamAsync(LiveStreamIds.For("tencent", stream))).Aggregate(LiveStream.Empty, (s, e) => s.Apply(e.Data));
}
