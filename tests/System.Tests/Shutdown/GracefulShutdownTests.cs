using System.Net;
using System.Text;
using Npgsql;
using SystemTests.Harness;
using Testing;

namespace SystemTests.Shutdown;

public sealed class GracefulShutdownTests
{
    [Fact]
    public async Task OnSigtermAnInFlightCallbackIsCommittedAndAnsweredBeforeIngestExits()
    {
        var db = await TestPostgres.NewDatabaseAsync();
        await using var ingest = Services.StartIngest(db);
        // A twin with nothing in flight, on a database of its own: its exit marks how long a shutdown takes with nothing to wait for.
        await using var idle = Services.StartIngest(await TestPostgres.NewDatabaseAsync());
        await ingest.WaitUntilAsync("/readyz", TimeSpan.FromSeconds(60));
        await idle.WaitUntilAsync("/readyz", TimeSpan.FromSeconds(60));

        // Hold the append: while this transaction locks the events table, the callback's insert waits inside the request.
        await using var blocker = new NpgsqlConnection(db);
        await blocker.OpenAsync();
        var hold = await blocker.BeginTransactionAsync();
        await using (var lockEvents = new NpgsqlCommand("LOCK TABLE eventlog.events IN EXCLUSIVE MODE", blocker, hold))
            await lockEvents.ExecuteNonQueryAsync();

        var (json, _) = TencentCallbacks.RecordingFile(Services.CallbackKey, "anchorshutdown",
            DateTimeOffset.UtcNow.AddMinutes(-40), 1800, DateTimeOffset.UtcNow);
        var callback = ingest.Http.PostAsync("/callbacks/tencent", new StringContent(json, Encoding.UTF8, "application/json"));
        await WaitForBlockedInsertAsync(db);

        ingest.Terminate();
        idle.Terminate();
        Assert.Equal(0, await idle.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.False(ingest.HasExited, "ingest exited with a callback in flight");
        Assert.False(callback.IsCompleted, "the callback was answered before its events were committed");

        await hold.CommitAsync();
        using var response = await callback;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, await ingest.WaitForExitAsync(TimeSpan.FromSeconds(30)));

        await using var count = new NpgsqlCommand("SELECT count(*) FROM eventlog.events WHERE data->>'anchorId' = 'anchorshutdown'", blocker);
        Assert.True((long)(await count.ExecuteScalarAsync())! > 0);
    }

    private static async Task WaitForBlockedInsertAsync(string db)
    {
        await using var connection = new NpgsqlConnection(db);
        await connection.OpenAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            await using var waiting = new NpgsqlCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", connection);
            if ((long)(await waiting.ExecuteScalarAsync())! > 0) return;
            await Task.Delay(100);
        }
        throw new TimeoutException("The callback never reached the append.");
    }
}
