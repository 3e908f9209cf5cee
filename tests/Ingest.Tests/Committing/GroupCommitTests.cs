using System.Text;
using Contracts.Recordings;
using EventLog;
using Ingest.Committing;
using Ingest.LiveStreams;
using Ingest.Senders;
using Ingest.Senders.Tencent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Testing;

namespace Ingest.Tests.Committing;

[Collection(DefaultHostCollection.Name)]
public class GroupCommitTests(IngestHostFixture fixture) : IngestTest(fixture)
{
    [Fact]
    public async Task OnePoisonCommandInABatchOfManyFailsAloneAndTheOthersAreCommitted()
    {
        var host = Host;
        var committer = new GroupCommitter(host.Store, host.Services.GetRequiredService<EventLogReadiness>(),
            new IngestOptions { MaxConcurrentCommits = 1 }, NullLogger<GroupCommitter>.Instance);
        await committer.StartAsync(CancellationToken.None);
        var sender = host.Services.GetServices<ISender>().OfType<TencentSender>().Single();
        LiveStreamCallback Callback(string stream, string file) => sender.Parse(SenderRequest.From(
            Encoding.UTF8.GetBytes(IngestHost.Signed(TencentPayloads.Recording(stream, file, "mp4", 1_790_000_000, 1_790_000_600))), [], "", DateTimeOffset.UtcNow)).Callbacks[0];

        // Hold the only commit slot: the blocker's commit waits on a lock while the batch under test queues behind it.
        await using var dataSource = NpgsqlDataSource.Create(host.ConnectionString);
        await using var locker = await dataSource.OpenConnectionAsync();
        await using var lockTx = await locker.BeginTransactionAsync();
        await using (var lockCommand = new NpgsqlCommand("LOCK TABLE eventlog.idempotency_keys IN EXCLUSIVE MODE", locker, lockTx))
            await lockCommand.ExecuteNonQueryAsync();
        var blocker = committer.SubmitAsync(Callback("1_blocker", "f-blocker"));
        await Eventually.TrueAsync(async () => await host.ScalarAsync<long>("SELECT count(*) FROM pg_locks WHERE NOT granted") > 0, "the blocker's commit waits on the lock");

        var good = Enumerable.Range(0, 60).Select(i => Callback($"1_batch{i}", $"f-{i}")).ToList();
        var file = (RecordingFileCreated)good[17].Fact;
        // Text PostgreSQL cannot store, past every check (submitted straight to the committer): only the database refuses it.
        var poison = good[17] with { Fact = file with { Details = file.Details with { App = "bad\0app" } } };
        good.RemoveAt(17);
        var submitted = good.Select(committer.SubmitAsync).ToList();
        var poisoned = committer.SubmitAsync(poison);
        await lockTx.RollbackAsync();

        var outcomes = await Task.WhenAll(submitted);
        Assert.Equal(CommitStatus.Appended, (await blocker).Status);
        Assert.All(outcomes, o => Assert.Equal(CommitStatus.Appended, o.Status));
        var refused = await poisoned;
        Assert.Equal(CommitStatus.Rejected, refused.Status);
        Assert.Contains("22P05", refused.Detail);
        Assert.Equal((good.Count + 1) * 2, await host.ScalarAsync<long>("SELECT count(*) FROM eventlog.events"));
        Assert.Empty(await host.StreamAsync(poison.LogStreamId));

        // The refused stream is not stuck: a correct callback for it commits next.
        Assert.Equal(CommitStatus.Appended, (await committer.SubmitAsync(Callback(poison.StreamId, "f-after"))).Status);
        await committer.StopAsync(CancellationToken.None);
    }
}
