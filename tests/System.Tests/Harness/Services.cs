using Testing;

namespace SystemTests.Harness;

/// <summary>Starts ingest and catalog against one database, with the settings a deployment would give them.</summary>
public static class Services
{
    public const string CallbackKey = "system-test-callback-key";
    public const string EditorKey = "system-test-editor-key";
    public const string AdminKey = "system-test-admin-key";

    public static Dictionary<string, string> BaseEnvironment(string connectionString, IReadOnlyDictionary<string, string>? extra = null)
    {
        var env = new Dictionary<string, string>
        {
            ["ConnectionStrings__Catalog"] = connectionString,
            ["Tencent__CallbackKey"] = CallbackKey,
            ["Catalog__EditorKeys__0"] = EditorKey,
            ["Catalog__AdminKeys__0"] = AdminKey,
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>()) env[key] = value;
        return env;
    }

    public static ServiceProcess StartIngest(string connectionString, IReadOnlyDictionary<string, string>? extra = null) =>
        ServiceProcess.Start("ingest", "Ingest", FreePort.Next(), BaseEnvironment(connectionString, extra));

    /// <summary>Catalog's REST port is the base address; its gRPC endpoint gets a free port of its own.</summary>
    public static ServiceProcess StartCatalog(string connectionString, IReadOnlyDictionary<string, string>? extra = null)
    {
        var env = BaseEnvironment(connectionString, extra);
        var rest = FreePort.Next();
        var grpc = FreePort.Next();
        env["Kestrel__Endpoints__Rest__Url"] = $"http://127.0.0.1:{rest}";
        env["Kestrel__Endpoints__Grpc__Url"] = $"http://127.0.0.1:{grpc}";
        env["Kestrel__Endpoints__Grpc__Protocols"] = "Http2";
        var catalog = ServiceProcess.Start("catalog", "Catalog", rest, env);
        catalog.GrpcAddress = new Uri($"http://127.0.0.1:{grpc}");
        return catalog;
    }
}
