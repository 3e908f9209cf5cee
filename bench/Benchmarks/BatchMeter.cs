namespace Benchmarks;

/// <summary>Listens to the ingest's and the event log's meters: callbacks per commit and time per commit.</summary>
public sealed class BatchMeter : IDisposable
{
    private readonly System.Diagnostics.Metrics.MeterListener _listener = new();
    private long _batches, _callbacks, _appends;
    private double _appendMs;

    public BatchMeter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name is "ingest.commit.batch_size" or "eventlog.append.duration") listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<int>((_, value, _, _) => { Interlocked.Increment(ref _batches); Interlocked.Add(ref _callbacks, value); });
        _listener.SetMeasurementEventCallback<double>((_, value, _, _) => { Interlocked.Increment(ref _appends); lock (_listener) _appendMs += value; });
        _listener.Start();
    }

    /// <summary>The commits since the last call.</summary>
    public string TakeDescription()
    {
        lock (_listener)
        {
            var (batches, callbacks, appends, appendMs) = (Interlocked.Exchange(ref _batches, 0), Interlocked.Exchange(ref _callbacks, 0), Interlocked.Exchange(ref _appends, 0), _appendMs);
            _appendMs = 0;
            return $"{callbacks / (double)Math.Max(1, batches):N1} callbacks per commit, {appendMs / Math.Max(1, appends):N1} ms per commit ({batches:N0} commits)";
        }
    }

    public void Dispose() => _listener.Dispose();
}

