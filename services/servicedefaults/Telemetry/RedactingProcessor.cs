using System.Diagnostics;
using OpenTelemetry;

namespace ServiceDefaults.Telemetry;

/// <summary>Keeps secrets out of spans: query strings may carry tokens or signatures, so only their absence is recorded.</summary>
internal sealed class RedactingProcessor : BaseProcessor<Activity>
{
    public override void OnEnd(Activity activity)
    {
        if (activity.GetTagItem("url.query") is not null) activity.SetTag("url.query", "[redacted]");
        if (activity.GetTagItem("url.full") is string full && full.IndexOf('?') is var q and >= 0)
            activity.SetTag("url.full", full[..q] + "?[redacted]");
    }
}
