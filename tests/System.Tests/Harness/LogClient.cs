using Contracts.Recordings;
using EventLog;
using Npgsql;

namespace SystemTests.Harness;

/// <summary>The test's own view of the event log the services share: appends facts and reads subscription status.</summary>
public sealed class LogClient : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    public LogClient(string connectionString)
    {
        _dataSource = NpgsqlDataSource.Create(connectionString);
        Store = new EventStore(_dataSource, new EventTypeRegistry().Register(RecordingEventTypes.All), TimeProvider.System,
            new EventStoreOptions { ConnectionString = connectionString });
        Admin = new SubscriptionAdmin(Store);
    }

    public EventStore Store { get; }
    public SubscriptionAdmin Admin { get; }

    /// <summary>Appends one finished MP4 file of a broadcast and its placement, as ingest would.</summary>
    public Task AppendRecordingAsync(string anchorId, Guid programId, int index, DateTimeOffset startedAt) =>
        Store.AppendAsync(Recording(anchorId, programId, index, startedAt));

    /// <summary>Creates the event log's schema, as the services do at start-up, for a test that appends before any starts.</summary>
    public Task EnsureSchemaAsync() => EventLogSchema.EnsureAsync(_dataSource, Store.Schema);

    /// <summary>Appends many recordings, a few hundred commands per transaction, to build a backlog quickly.</summary>
    public async Task AppendRecordingsAsync(IEnumerable<(string AnchorId, Guid ProgramId, int Index, DateTimeOffset StartedAt)> recordings)
    {
        foreach (var chunk in recordings.Chunk(250))
            await Store.AppendBatchAsync(chunk.Select(r => Recording(r.AnchorId, r.ProgramId, r.Index, r.StartedAt)).ToList());
    }

    private static AppendRequest Recording(string anchorId, Guid programId, int index, DateTimeOffset startedAt)
    {
        var streamId = $"1400_{anchorId}";
        var endedAt = startedAt.AddMinutes(30);
        var fileId = $"file-{programId:N}-{index}";
        object[] events =
        [
            new RecordingFileCreated(streamId, anchorId, "tencent", fileId, "mp4", $"https://vod.example/{fileId}.mp4", 1_000_000,
                startedAt, endedAt, 1800, false, null, new RecordingDetails(null, "live", "live", null, null, null, null, null, null, null)),
            new StreamSegmented(streamId, anchorId, programId, "mp4", fileId, index, startedAt, endedAt,
                index == 0 ? SegmentReason.ProgramStarted : SegmentReason.IntervalCut),
        ];
        return new AppendRequest(LiveStreamIds.For("tencent", streamId), ExpectedVersion.Any, events);
    }

    /// <summary>Waits until every subscription in the log has handled everything committed so far.</summary>
    public async Task<IReadOnlyList<SubscriptionStatus>> WaitUntilCaughtUpAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        IReadOnlyList<SubscriptionStatus> status = [];
        while (DateTime.UtcNow < deadline)
        {
            status = await Admin.StatusAsync();
            if (status.Count > 0 && status.All(s => s.LagEvents == 0 && s.Checkpoint == s.Head)) return status;
            await Task.Delay(200);
        }
        throw new TimeoutException("Subscriptions did not catch up: " + string.Join(", ", status));
    }

    /// <summary>
    /// For every subscription, the application names of the sessions holding its advisory lock right now: PostgreSQL's
    /// own account of which process runs it (each test process connects with its own <c>Application Name</c>).
    /// </summary>
    public async Task<Dictionary<string, List<string>>> LockHoldersAsync()
    {
        // A bigint advisory lock shows in pg_locks as classid (high 32 bits) and objid (low 32 bits) with objsubid 1.
        await using var command = _dataSource.CreateCommand($"""
            SELECT s.name, a.application_name
            FROM {Store.Schema}.subscriptions s
            LEFT JOIN pg_locks l ON l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
                AND ((l.classid::bigint << 32) | l.objid::bigint) = hashtextextended('{Store.Schema}.subscription.' || s.name, 0)
            LEFT JOIN pg_stat_activity a ON a.pid = l.pid
            """);
        var holders = new Dictionary<string, List<string>>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var list = holders.TryGetValue(reader.GetString(0), out var l) ? l : holders[reader.GetString(0)] = [];
            if (!reader.IsDBNull(1)) list.Add(reader.GetString(1));
        }
        return holders;
    }

    public async ValueTask DisposeAsync() => await _dataSource.DisposeAsync();
}
