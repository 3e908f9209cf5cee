using System.Text;
using Ingest.Tencent;

namespace Ingest.Demo;

/// <summary>
/// <c>Ingest.dll demo [--ingest http://127.0.0.1:5180] [--media http://127.0.0.1:5190/media]</c>: sends the demo's
/// callbacks, shuffled and signed with <c>Tencent:CallbackKey</c> (from the environment), to a running ingest.
/// Sending it again changes nothing: every callback is a repeat by then.
/// </summary>
public static class DemoCommand
{
    public static bool Matches(string[] args) => args.Length > 0 && args[0] == "demo";

    public static async Task<int> RunAsync(string[] args)
    {
        var ingest = Option(args, "--ingest") ?? "http://127.0.0.1:5180";
        var media = Option(args, "--media") ?? "http://127.0.0.1:5190/media";
        var key = Environment.GetEnvironmentVariable("Tencent__CallbackKey");
        if (string.IsNullOrEmpty(key))
        {
            Console.Error.WriteLine("Set Tencent__CallbackKey (run.sh does) so the demo can sign its callbacks.");
            return 2;
        }
        var callbacks = DemoCallbacks.For(DateTimeOffset.UtcNow, media);
        // Callbacks arrive late, repeated and out of order in real life; the catalog must not care.
        Random.Shared.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(callbacks));
        using var http = new HttpClient { BaseAddress = new Uri(ingest) };
        var expiry = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds();
        var failed = 0;
        foreach (var callback in callbacks)
        {
            callback["t"] = expiry;
            callback["sign"] = TencentSignature.Sign(key, expiry);
            using var response = await http.PostAsync("/callbacks/tencent", new StringContent(callback.ToJsonString(), Encoding.UTF8, "application/json"));
            if (response.IsSuccessStatusCode) continue;
            failed++;
            Console.Error.WriteLine($"{(int)response.StatusCode} for event {callback["event_type"]} of {callback["stream_id"]}: {await response.Content.ReadAsStringAsync()}");
        }
        Console.WriteLine($"demo: sent {callbacks.Count} signed callbacks for 3 anchors (alice, bob, carol) to {ingest}; {failed} refused.");
        return failed == 0 ? 0 : 1;
    }

    private static string? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
