using System.Net.Http.Json;
using SystemTests.Harness;
using Testing.Tencent;

namespace SystemTests.Reconciling;

/// <summary>
/// Plays Tencent Cloud: a finished recording lands in VOD (the SearchMedia stand-in) and its callback is POSTed to
/// ingest, retried a few times on failure (Tencent: 12 times, a minute apart), then dropped for good.
/// </summary>
public sealed class TencentCloud(SearchMediaStandIn vod)
{
    private const int Attempts = 3;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(200);
    private readonly List<VodRecording> _dropped = [];

    public IReadOnlyList<VodRecording> Dropped => _dropped;

    /// <summary>The recording is stored in VOD now; returns whether ingest acknowledged its callback.</summary>
    public async Task<bool> RecordAsync(ServiceProcess ingest, VodRecording recording)
    {
        vod.Add([recording with { CreatedAt = DateTimeOffset.UtcNow }]);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            try
            {
                using var response = await http.PostAsJsonAsync(new Uri(ingest.BaseAddress, "/callbacks/tencent"), Callback(recording));
                if (response.IsSuccessStatusCode) return true;
            }
            catch (HttpRequestException)
            {
                // Ingest is down: retry, as Tencent does.
            }
            catch (TaskCanceledException)
            {
                // No answer in time: retry.
            }
            await Task.Delay(RetryDelay);
        }
        _dropped.Add(recording);
        return false;
    }

    private static Dictionary<string, object?> Callback(VodRecording r)
    {
        var t = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds();
        return new Dictionary<string, object?>
        {
            ["event_type"] = 100,
            ["appid"] = 1_250_000_000,
            ["stream_id"] = r.StreamId,
            ["channel_id"] = r.StreamId,
            ["file_id"] = r.FileId,
            ["file_format"] = r.Format,
            ["start_time"] = r.RecordStart.ToUnixTimeSeconds(),
            ["end_time"] = r.RecordEnd.ToUnixTimeSeconds(),
            ["duration"] = (long)(r.RecordEnd - r.RecordStart).TotalSeconds,
            ["file_size"] = r.SizeBytes,
            ["video_url"] = r.Url,
            ["sign"] = TencentCallbacks.Sign(Services.CallbackKey, t),
            ["t"] = t,
        };
    }
}
