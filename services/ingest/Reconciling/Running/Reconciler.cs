using Contracts.Recordings;
using Ingest.Committing;
using Microsoft.Extensions.Logging;

namespace Ingest.Reconciling.Running;

/// <summary>
/// Runs one reconciliation: lists the sender's recordings of the window a step at a time and submits each, as the
/// callback it stands for, to the same group committer the callbacks use. A file already known is a duplicate; one
/// that is new was missed and is counted as recovered. A scheduled run moves the watermark after each finished step,
/// never past a step it has not finished.
/// </summary>
public sealed partial class Reconciler(
    GroupCommitter committer,
    ReconcileStore store,
    ReconcileOptions options,
    TimeProvider clock,
    ILogger<Reconciler> logger)
{
    public async Task<ReconcileRun> RunAsync(IRecordingLister lister, ReconcileRun run, bool advancesWatermark, CancellationToken ct)
    {
        var provider = lister.Provider;
        var counts = new RunCounts();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        DateTimeOffset? scannedTo = null;
        string outcome = "succeeded";
        string? error = null;
        LogStarted(logger, run.Id, provider, run.Kind, run.From, run.To);
        try
        {
            foreach (var (from, to) in Steps(run.From, run.To, options.Step))
            {
                await foreach (var page in lister.ListAsync(from, to, ct))
                {
                    foreach (var why in page.Unreadable) LogUnreadable(logger, provider, why);
                    // Windows share their boundary second: a file listed twice in one run is submitted once.
                    var fresh = page.Recordings.Where(r => seen.Add(r.IdempotencyKey)).ToList();
                    var outcomes = await Task.WhenAll(fresh.Select(committer.SubmitAsync)).WaitAsync(ct);
                    var recovered = 0;
                    for (var i = 0; i < fresh.Count; i++)
                    {
                        if (outcomes[i].Status == CommitStatus.Unavailable)
                            throw new CommitUnavailableException(outcomes[i].Detail ?? "the commit failed");
                        if (outcomes[i].Status != CommitStatus.Appended) continue;
                        recovered++;
                        var file = (RecordingFileCreated)fresh[i].Fact;
                        LogRecovered(logger, provider, file.StreamId, file.FileId, file.StartedAt);
                    }
                    ReconcileTelemetry.CountRecovered(provider, recovered);
                    counts = counts with
                    {
                        Found = counts.Found + fresh.Count,
                        Recovered = counts.Recovered + recovered,
                        Duplicates = counts.Duplicates + fresh.Count - recovered,
                        Unreadable = counts.Unreadable + page.Unreadable.Count,
                        Throttled = counts.Throttled + page.Throttled,
                    };
                }
                if (advancesWatermark) await store.AdvanceWatermarkAsync(provider, to, ct);
                scannedTo = to;
                await store.ProgressAsync(run.Id, counts, to, ct);
            }
        }
        catch (ListingFailedException ex)
        {
            (outcome, error) = (Outcome(ex.Failure), ex.Message);
            if (ex.Failure == ListingFailure.AuthFailed) LogAuthFailed(logger, provider, ex.Code, ex.Message);
            else LogFailed(logger, run.Id, provider, outcome, ex.Message);
        }
        catch (CommitUnavailableException ex)
        {
            (outcome, error) = ("unavailable", $"the event log could not commit: {ex.Message}");
            LogFailed(logger, run.Id, provider, outcome, error);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            (outcome, error) = ("interrupted", "the service stopped");
        }
        catch (Exception ex)
        {
            (outcome, error) = ("failed", ex.Message);
            LogFailed(logger, run.Id, provider, outcome, ex.Message);
        }
        await store.FinishAsync(run.Id, outcome, error, counts, scannedTo, clock.GetUtcNow(), CancellationToken.None);
        ReconcileTelemetry.CountRun(provider, outcome);
        LogFinished(logger, run.Id, provider, outcome, counts.Found, counts.Recovered, counts.Duplicates);
        return run with { Outcome = outcome, Error = error, Counts = counts, ScannedTo = scannedTo };
    }

    /// <summary>The window in steps of whole seconds, oldest first; each step ends where the next begins (both ends are inclusive).</summary>
    public static IEnumerable<(DateTimeOffset From, DateTimeOffset To)> Steps(DateTimeOffset from, DateTimeOffset to, TimeSpan step)
    {
        var (start, end) = WholeSeconds(from, to);
        if (step < TimeSpan.FromSeconds(1)) step = TimeSpan.FromSeconds(1);
        while (start < end)
        {
            var next = start + step < end ? start + step : end;
            yield return (start, next);
            start = next;
        }
    }

    private static string Outcome(ListingFailure failure) => failure switch
    {
        ListingFailure.AuthFailed => "auth-failed",
        ListingFailure.Throttled => "throttled",
        ListingFailure.Unavailable => "unavailable",
        _ => "rejected",
    };

    /// <summary>Creation times are whole seconds: a window is widened to whole seconds, never narrowed.</summary>
    public static (DateTimeOffset From, DateTimeOffset To) WholeSeconds(DateTimeOffset from, DateTimeOffset to) => (Floor(from), Ceiling(to));

    public static DateTimeOffset Floor(DateTimeOffset t) => DateTimeOffset.FromUnixTimeSeconds(t.ToUnixTimeSeconds());

    private static DateTimeOffset Ceiling(DateTimeOffset t) => Floor(t) == t ? t : Floor(t).AddSeconds(1);

    private sealed class CommitUnavailableException(string message) : Exception(message);

    [LoggerMessage(LogLevel.Information, "Reconciliation run {RunId} ({Provider}, {Kind}) scans recordings created {From:O} .. {To:O}")]
    private static partial void LogStarted(ILogger logger, long runId, string provider, RunKind kind, DateTimeOffset from, DateTimeOffset to);

    [LoggerMessage(LogLevel.Warning, "Recovered a {Provider} recording whose callback never arrived: stream {StreamId}, file {FileId}, started {StartedAt:O}")]
    private static partial void LogRecovered(ILogger logger, string provider, string streamId, string fileId, DateTimeOffset startedAt);

    [LoggerMessage(LogLevel.Warning, "Reconciliation ({Provider}) skipped an entry it could not read: {Why}")]
    private static partial void LogUnreadable(ILogger logger, string provider, string why);

    [LoggerMessage(LogLevel.Error, "Reconciliation ({Provider}) stopped: the API refused the credentials ({Code}). Check Tencent:Api:SecretId and Tencent:Api:SecretKey. {Message}")]
    private static partial void LogAuthFailed(ILogger logger, string provider, string code, string message);

    [LoggerMessage(LogLevel.Warning, "Reconciliation run {RunId} ({Provider}) ended {Outcome}: {Error}")]
    private static partial void LogFailed(ILogger logger, long runId, string provider, string outcome, string error);

    [LoggerMessage(LogLevel.Information, "Reconciliation run {RunId} ({Provider}) {Outcome}: {Found} files listed, {Recovered} recovered, {Duplicates} already known")]
    private static partial void LogFinished(ILogger logger, long runId, string provider, string outcome, int found, int recovered, int duplicates);
}
