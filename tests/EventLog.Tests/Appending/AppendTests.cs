using Testing;
namespace EventLog.Tests.Appending;

public sealed class AppendTests : IAsyncLifetime
{
    private TestLog _log = null!;

    public async Task InitializeAsync() => _log = await TestLog.CreateAsync();
    public async Task DisposeAsync() => await _log.DisposeAsync();

    [Fact]
    public async Task AppendedEventsReadBackInVersionOrderWithTheirMetadata()
    {
        var result = await _log.Store.AppendAsync(new AppendRequest("s-1", ExpectedVersion.NoStream,
            [new Happened("a", 1), new AlsoHappened("b")],
            new EventMetadata("corr-1", "cause-1", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")));

        Assert.Equal(AppendStatus.Appended, result.Status);
        Assert.Equal(2, result.StreamVersion);
        var events = await _log.Store.ReadStreamAsync("s-1");
        Assert.Equal([1L, 2L], events.Select(e => e.StreamVersion));
        Assert.Equal(new Happened("a", 1), events[0].Data);
        Assert.Equal(new AlsoHappened("b"), events[1].Data);
        Assert.Equal(["happened", "also-happened"], events.Select(e => e.EventType));
        Assert.All(events, e => Assert.Equal("corr-1", e.Metadata.CorrelationId));
        Assert.All(events, e => Assert.Equal(7, e.EventId.Version));
        Assert.Equal("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", events[0].Metadata.TraceParent);
    }

    [Fact]
    public async Task ManyStreamsReadInOneCallEachInVersionOrder()
    {
        await _log.Store.AppendAsync("b", ExpectedVersion.NoStream, new Happened("b1", 1), new Happened("b2", 2));
        await _log.Store.AppendAsync("a", ExpectedVersion.NoStream, new Happened("a1", 1));
        await _log.Store.AppendAsync("other", ExpectedVersion.NoStream, new Happened("o1", 1));
        await _log.Store.AppendAsync("a", ExpectedVersion.Exactly(1), new Happened("a2", 2));

        var events = await _log.Store.ReadStreamsAsync(["a", "b", "missing"]);

        Assert.Equal(["a1", "a2", "b1", "b2"], events.Select(e => ((Happened)e.Data).Id));
        Assert.Equal([1L, 2L, 1L, 2L], events.Select(e => e.StreamVersion));
    }

    [Fact]
    public async Task AppendingAtAStaleVersionThrowsAndAppendsNothing()
    {
        await _log.Store.AppendAsync("s-1", ExpectedVersion.NoStream, new Happened("a", 1));
        await _log.Store.AppendAsync("s-1", ExpectedVersion.Exactly(1), new Happened("b", 2));

        var conflict = await Assert.ThrowsAsync<WrongExpectedVersionException>(
            () => _log.Store.AppendAsync("s-1", ExpectedVersion.Exactly(1), new Happened("c", 3)));
        Assert.Equal(2, conflict.ActualVersion);
        await Assert.ThrowsAsync<WrongExpectedVersionException>(
            () => _log.Store.AppendAsync("s-1", ExpectedVersion.NoStream, new Happened("d", 4)));
        Assert.Equal(2, (await _log.Store.ReadStreamAsync("s-1")).Count);
    }

    [Fact]
    public async Task ConcurrentWritersAtTheSameVersionOnlyOneWins()
    {
        await _log.Store.AppendAsync("s-1", ExpectedVersion.NoStream, new Happened("a", 1));
        var attempts = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            try
            {
                await _log.Store.AppendAsync("s-1", ExpectedVersion.Exactly(1), new Happened("x", i));
                return true;
            }
            catch (WrongExpectedVersionException)
            {
                return false;
            }
        }));
        var outcomes = await Task.WhenAll(attempts);
        Assert.Single(outcomes, won => won);
        Assert.Equal(2L, await _log.ScalarAsync<long>("SELECT version FROM eventlog.streams WHERE stream_id = 's-1'"));
    }

    [Fact]
    public async Task AnyVersionAppendsFromManyWritersGetDistinctVersions()
    {
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            _log.Store.AppendAsync("s-any", ExpectedVersion.Any, new Happened("x", i))));
        var events = await _log.Store.ReadStreamAsync("s-any");
        Assert.Equal(Enumerable.Range(1, 20).Select(v => (long)v), events.Select(e => e.StreamVersion));
    }

    [Fact]
    public async Task ARepeatedIdempotencyKeyAppendsNothingAndReportsDuplicate()
    {
        var first = await _log.Store.AppendAsync(new AppendRequest("s-1", ExpectedVersion.Any, [new Happened("a", 1)], IdempotencyKey: "cmd-1"));
        var again = await _log.Store.AppendAsync(new AppendRequest("s-1", ExpectedVersion.Any, [new Happened("a", 1)], IdempotencyKey: "cmd-1"));

        Assert.Equal(AppendStatus.Appended, first.Status);
        Assert.Equal(AppendStatus.Duplicate, again.Status);
        Assert.Equal(first.FirstPosition, again.FirstPosition);
        Assert.Equal(1, await _log.ScalarAsync<long>("SELECT count(*) FROM eventlog.events"));
    }

    [Fact]
    public async Task TwelveConcurrentRepeatsOfOneCommandAppendOnce()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(() =>
            _log.Store.AppendAsync(new AppendRequest("s-1", ExpectedVersion.Any, [new Happened("a", 1), new AlsoHappened("b")], IdempotencyKey: "cmd-1")))));

        Assert.Single(results, r => r.Status == AppendStatus.Appended);
        Assert.Equal(11, results.Count(r => r.Status == AppendStatus.Duplicate));
        Assert.Equal(2, await _log.ScalarAsync<long>("SELECT count(*) FROM eventlog.events"));
    }

    [Fact]
    public async Task AConflictDoesNotConsumeTheIdempotencyKey()
    {
        await _log.Store.AppendAsync("s-1", ExpectedVersion.NoStream, new Happened("a", 1));
        await Assert.ThrowsAsync<WrongExpectedVersionException>(() =>
            _log.Store.AppendAsync(new AppendRequest("s-1", ExpectedVersion.NoStream, [new Happened("b", 2)], IdempotencyKey: "cmd-2")));

        var retried = await _log.Store.AppendAsync(new AppendRequest("s-1", ExpectedVersion.Exactly(1), [new Happened("b", 2)], IdempotencyKey: "cmd-2"));
        Assert.Equal(AppendStatus.Appended, retried.Status);
    }

    [Fact]
    public async Task ABatchGivesEachCommandItsOwnOutcome()
    {
        await _log.Store.AppendAsync(new AppendRequest("s-dup", ExpectedVersion.Any, [new Happened("a", 1)], IdempotencyKey: "k-dup"));
        var results = await _log.Store.AppendBatchAsync([
            new AppendRequest("s-new", ExpectedVersion.NoStream, [new Happened("n", 1)]),
            new AppendRequest("s-dup", ExpectedVersion.Any, [new Happened("a", 1)], IdempotencyKey: "k-dup"),
            new AppendRequest("s-dup", ExpectedVersion.NoStream, [new Happened("c", 1)]),
        ]);

        Assert.Equal([AppendStatus.Appended, AppendStatus.Duplicate, AppendStatus.WrongExpectedVersion], results.Select(r => r.Status));
        Assert.Equal(2, await _log.ScalarAsync<long>("SELECT count(*) FROM eventlog.events"));
    }

    [Fact]
    public async Task ABatchOfCommandsWithDifferentEventCountsStoresEachCommandsOwnEventsAndMetadata()
    {
        var results = await _log.Store.AppendBatchAsync([
            new AppendRequest("s-a", ExpectedVersion.NoStream, [new Happened("a1", 1)], new EventMetadata("corr-a"), "k-a"),
            new AppendRequest("s-b", ExpectedVersion.NoStream, [new Happened("b1", 1), new AlsoHappened("b2"), new Happened("b3", 3)],
                new EventMetadata("corr-b", "cause-b", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")),
            new AppendRequest("s-c", ExpectedVersion.NoStream, [new AlsoHappened("c1"), new Happened("c2", 2)], IdempotencyKey: "k-c"),
        ]);

        Assert.Equal([(AppendStatus.Appended, 1L), (AppendStatus.Appended, 3L), (AppendStatus.Appended, 2L)],
            results.Select(r => (r.Status, r.StreamVersion)));
        var events = await _log.Store.ReadStreamsAsync(["s-a", "s-b", "s-c"]);
        Assert.Equal([("s-a", 1L), ("s-b", 1L), ("s-b", 2L), ("s-b", 3L), ("s-c", 1L), ("s-c", 2L)], events.Select(e => (e.StreamId, e.StreamVersion)));
        Assert.Equal<object>([new Happened("a1", 1), new Happened("b1", 1), new AlsoHappened("b2"), new Happened("b3", 3), new AlsoHappened("c1"), new Happened("c2", 2)],
            events.Select(e => e.Data));
        Assert.Equal(["corr-a", "corr-b", "corr-b", "corr-b", null, null], events.Select(e => e.Metadata.CorrelationId));
        Assert.Equal([null, "cause-b", "cause-b", "cause-b", null, null], events.Select(e => e.Metadata.CausationId));
        Assert.Equal(["k-a", null, null, null, "k-c", "k-c"], events.Select(e => e.IdempotencyKey));
        // Each command's first position is its own first event's.
        Assert.Equal([events[0].Position.Position, events[1].Position.Position, events[4].Position.Position], results.Select(r => r.FirstPosition!.Value));
    }

    [Fact]
    public async Task ACommandTheDatabaseRefusesFailsAloneAndTheRestOfItsBatchCommits()
    {
        var requests = Enumerable.Range(0, 40).Select(i => new AppendRequest($"s-{i}", ExpectedVersion.NoStream,
            [new Happened(i switch { 7 => "nul \0 inside", _ => $"e-{i}" }, i)], IdempotencyKey: $"k-{i}")).ToList();
        requests[23] = requests[23] with { StreamId = "stream \0 id" };
        requests[31] = requests[31] with { StreamId = "lone \ud800 surrogate" };

        var results = await _log.Store.AppendBatchAsync(requests);

        int[] poison = [7, 23, 31];
        Assert.All(poison, i => Assert.Equal(AppendStatus.Rejected, results[i].Status));
        Assert.Equal("22P05", Assert.IsType<Npgsql.PostgresException>(results[7].Error!.SourceException).SqlState);
        Assert.All(Enumerable.Range(0, 40).Except(poison), i => Assert.Equal(AppendStatus.Appended, results[i].Status));
        Assert.Equal(37, await _log.ScalarAsync<long>("SELECT count(*) FROM eventlog.events"));
        Assert.Equal(37, await _log.ScalarAsync<long>("SELECT count(*) FROM eventlog.idempotency_keys"));
        var retried = await _log.Store.AppendAsync(new AppendRequest("s-7", ExpectedVersion.NoStream, [new Happened("fixed", 7)], IdempotencyKey: "k-7"));
        Assert.Equal(AppendStatus.Appended, retried.Status);
    }

    [Fact]
    public async Task ASingleAppendTheDatabaseRefusesThrowsItsError()
    {
        var error = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => _log.Store.AppendAsync("s-1", ExpectedVersion.NoStream, new Happened("\0", 1)));
        Assert.Equal("22P05", error.SqlState);
    }

    [Fact]
    public async Task AnUnknownStoredTypeIsReadAsUnknownWithItsPosition()
    {
        await _log.Store.AppendAsync("s-1", ExpectedVersion.NoStream, new Happened("a", 1));
        await using (var command = _log.DataSource.CreateCommand("UPDATE eventlog.events SET event_type = 'renamed-long-ago'"))
            await command.ExecuteNonQueryAsync();

        IReadOnlyList<RecordedEvent> events = [];
        await Eventually.TrueAsync(async () => (events = await _log.Store.ReadAllAsync(LogPosition.Start, 10)).Count > 0, "the event visible");
        var unknown = Assert.IsType<UnknownEvent>(Assert.Single(events).Data);
        Assert.Equal("renamed-long-ago", unknown.TypeName);
        Assert.True(events[0].Position.Position > 0);
    }

    [Fact]
    public async Task SchemaCreationIsIdempotentAndSafeWhenReplicasStartTogether()
    {
        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => EventLogSchema.EnsureAsync(_log.DataSource, "eventlog")));
        await _log.Store.AppendAsync("s-1", ExpectedVersion.NoStream, new Happened("a", 1));
        Assert.Equal(1, await _log.ScalarAsync<long>("SELECT count(*) FROM eventlog.events"));
    }
}
