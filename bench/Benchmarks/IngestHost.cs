using Ingest;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using ServiceDefaults;

namespace Benchmarks;

/// <summary>
/// The ingest as its Program.cs wires it, on a free Kestrel port, with two endpoints of the benchmark's own: the HTTP
/// round trip alone (the floor under ingest's work) and the process's usage counters.
/// </summary>
public static class IngestHost
{
    public const string CallbackKey = "bench-callback-key";
    public const string HttpFloorPath = "/bench/http-floor";
    internal const string UsagePath = "/bench/usage";
    internal const string BatchesPath = "/bench/batches";
    internal const string ServeCommand = "serve-ingest";
    internal const string ListeningLine = "ingest listening on ";
    private static readonly byte[] FloorAnswer = """{"code":0}"""u8.ToArray();

    public static async Task<WebApplication> StartAsync(string connectionString)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Catalog"] = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 20 }.ConnectionString,
            ["Tencent:CallbackKey"] = CallbackKey,
            ["Urls"] = "http://127.0.0.1:0",
        });
        builder.Logging.SetMinimumLevel(LogLevel.Error);
        builder.AddServiceDefaults();
        builder.AddIngest();
        var app = builder.Build();
        app.MapServiceDefaults();
        app.MapIngest();
        // As a callback makes it: the body read, {"code":0} answered.
        app.MapPost(HttpFloorPath, async (HttpContext http) =>
        {
            await http.Request.Body.CopyToAsync(Stream.Null);
            http.Response.ContentType = "application/json; charset=utf-8";
            http.Response.ContentLength = FloorAnswer.Length;
            await http.Response.Body.WriteAsync(FloorAnswer);
        });
        app.MapGet(UsagePath, () => CpuMeter.Usage.OfThisProcess());
        var batches = new BatchMeter();
        app.Lifetime.ApplicationStopped.Register(batches.Dispose);
        app.MapGet(BatchesPath, batches.TakeDescription);
        await app.StartAsync();
        await app.Services.GetRequiredService<EventLog.EventLogReadiness>().WhenSchemaReady(CancellationToken.None);
        return app;
    }

    public static string Url(this WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    /// <summary>The child side of <see cref="IngestProcess"/>: serves until its standard input closes.</summary>
    public static bool IsServeCommand(string[] args) => args is [ServeCommand, _];

    public static async Task<int> ServeAsync(string[] args)
    {
        await using var app = await StartAsync(args[1]);
        Console.WriteLine(ListeningLine + app.Url());
        await Console.In.ReadToEndAsync();
        await app.StopAsync();
        return 0;
    }
}
