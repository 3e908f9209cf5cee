using System.Diagnostics;

namespace Catalog.Tests.Grpc.Transport;

/// <summary>The hand-written transport, called by @grpc/grpc-js over cleartext HTTP/2.</summary>
public sealed class GrpcTransportTests : IAsyncLifetime
{
    private FakeCatalogServer _server = null!;
    private NodeGrpcClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeCatalogServer.StartAsync();
        _client = new NodeGrpcClient(_server.Address);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task UnaryCallReturnsTheMessageAndStatusOk()
    {
        var result = await _client.CallAsync("GetProgram", new { id = "p-1" }, metadata: ["x-echo=from-metadata"]);

        Assert.Equal(0, result.Code);
        Assert.Equal("p-1", result.Message.GetProperty("id").GetString());
        Assert.Equal("from-metadata", result.Message.GetProperty("anchor_id").GetString());
        Assert.Equal(1.5, result.Message.GetProperty("duration_seconds").GetDouble());
        Assert.True(result.Message.GetProperty("flags").GetProperty("short").GetBoolean());
        Assert.Equal(["m-1", "m-2"], result.Message.GetProperty("merged_from").EnumerateArray().Select(e => e.GetString()));
        var startedAt = result.Message.GetProperty("started_at");
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero).ToUnixTimeSeconds().ToString(), startedAt.GetProperty("seconds").GetString());
    }

    [Fact]
    public async Task GzipCompressedRequestIsAccepted()
    {
        var result = await _client.CallAsync("GetProgram", new { id = "compressed" }, gzip: true);

        Assert.Equal(0, result.Code);
        Assert.Equal("compressed", result.Message.GetProperty("id").GetString());
    }

    [Fact]
    public async Task HandlerStatusReachesTheClientWithItsMessage()
    {
        var result = await _client.CallAsync("GetProgram", new { id = "missing" });

        Assert.Equal(5, result.Code);
        Assert.Equal("Program missing was not found.", result.Details);
        Assert.Empty(result.Messages);
    }

    [Fact]
    public async Task StatusMessageSurvivesPercentEncoding()
    {
        var result = await _client.CallAsync("GetProgram", new { id = "unicode-error" });

        Assert.Equal(5, result.Code);
        Assert.Equal("Kein Programm für «ä» 100% 🎥\nzweite Zeile", result.Details);
    }

    [Fact]
    public async Task MappedDomainErrorBecomesInvalidArgument()
    {
        var result = await _client.CallAsync("GetProgram", new { id = "bad-argument" });

        Assert.Equal(3, result.Code);
        Assert.Equal("Id must look like a program id.", result.Details);
    }

    [Fact]
    public async Task UnexpectedExceptionBecomesUnknownWithoutItsDetails()
    {
        var result = await _client.CallAsync("GetProgram", new { id = "crash" });

        Assert.Equal(2, result.Code);
        Assert.DoesNotContain("secret", result.Details);
    }

    [Fact]
    public async Task OversizedRequestIsResourceExhausted()
    {
        var result = await _client.CallAsync("GetProgram", new { id = new string('x', 2000) });

        Assert.Equal(8, result.Code);
    }

    [Fact]
    public async Task DeadlineEndsTheCallAndCancelsTheWork()
    {
        var watch = Stopwatch.StartNew();
        // Long enough for the request to reach the handler on a loaded machine; a shorter one can expire in the client first.
        var result = await _client.CallAsync("GetProgram", new { id = "slow" }, deadlineMs: 2000);

        Assert.Equal(4, result.Code);
        var cancelledAt = await _server.Service.SlowWorkCancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(cancelledAt <= DateTimeOffset.UtcNow);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task ServerStreamDeliversEveryMessageThenOk()
    {
        var result = await _client.CallAsync("WatchFeed", new { feed_id = "finite", limit = 3 });

        Assert.Equal(0, result.Code);
        Assert.Equal(["1", "2", "3"], result.Messages.Select(m => m.GetProperty("version").GetString()));
    }

    [Fact]
    public async Task ServerStreamErrorAfterMessagesArrivesInTrailers()
    {
        var result = await _client.CallAsync("WatchFeed", new { feed_id = "fail-after-messages", limit = 2 });

        Assert.Equal(5, result.Code);
        Assert.Equal("Feed was deleted.", result.Details);
        Assert.Equal(2, result.Messages.Count);
    }

    [Fact]
    public async Task ServerStreamEndsWithDeadlineExceeded()
    {
        var result = await _client.CallAsync("WatchFeed", new { feed_id = "endless", limit = 1 }, deadlineMs: 2000);

        Assert.Equal(4, result.Code);
        Assert.Single(result.Messages);
    }

    [Fact]
    public async Task ClientCancelsAServerStream()
    {
        await using var call = _client.Start("WatchFeed", new { feed_id = "endless", limit = 1 });
        Assert.NotNull(await call.NextMessageAsync());

        call.Cancel();
        var result = await call.CompletionAsync();

        Assert.Equal(1, result.Code);
    }
}

public sealed class GrpcAuthenticationTests : IAsyncLifetime
{
    private FakeCatalogServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeCatalogServer.StartAsync(apiKey: "k-123");

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task CallWithoutKeyIsUnauthenticated()
    {
        var result = await new NodeGrpcClient(_server.Address).CallAsync("GetProgram", new { id = "p" });

        Assert.Equal(16, result.Code);
        Assert.Empty(result.Messages);
    }

    [Fact]
    public async Task CallWithWrongKeyIsUnauthenticated()
    {
        var result = await new NodeGrpcClient(_server.Address).CallAsync("GetProgram", new { id = "p" }, metadata: ["x-api-key=nope"]);

        Assert.Equal(16, result.Code);
    }

    [Fact]
    public async Task CallWithKeySucceeds()
    {
        var result = await new NodeGrpcClient(_server.Address).CallAsync("GetProgram", new { id = "p" }, metadata: ["x-api-key=k-123"]);

        Assert.Equal(0, result.Code);
        Assert.Equal("p", result.Message.GetProperty("id").GetString());
    }
}
