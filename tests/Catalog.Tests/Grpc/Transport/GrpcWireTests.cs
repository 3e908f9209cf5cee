using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Catalog.Grpc.Transport;
using Catalog.Grpc.V1;
using ProgramMessage = Catalog.Grpc.V1.Program;
using Google.Protobuf;

namespace Catalog.Tests.Grpc.Transport;

/// <summary>The wire details no well-behaved client produces, checked with raw HTTP/2 requests.</summary>
public sealed class GrpcWireTests : IAsyncLifetime
{
    private FakeCatalogServer _server = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeCatalogServer.StartAsync();
        _http = new HttpClient { BaseAddress = _server.BaseUri, Timeout = TimeSpan.FromSeconds(20) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task ServerSideDeadlineSendsDeadlineExceededInTrailers()
    {
        using var request = Call("GetProgram", Frame(new GetProgramRequest { Id = "slow" }));
        request.Headers.Add("grpc-timeout", "200m");

        using var response = await _http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();

        Assert.Equal("4", Status(response));
        await _server.Service.SlowWorkCancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task SuccessfulCallHasOneFrameAndStatusInTrailers()
    {
        using var response = await _http.SendAsync(Call("GetProgram", Frame(new GetProgramRequest { Id = "p-9" })));
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/grpc", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, body[0]);
        Assert.Equal(body.Length - 5, (int)BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(1, 4)));
        Assert.Equal("p-9", ProgramMessage.Parser.ParseFrom(body.AsSpan(5)).Id);
        Assert.Equal("0", response.TrailingHeaders.GetValues("grpc-status").Single());
    }

    [Fact]
    public async Task ImmediateErrorIsTrailersOnlyWithPercentEncodedMessage()
    {
        using var response = await _http.SendAsync(Call("GetProgram", Frame(new GetProgramRequest { Id = "unicode-error" })));
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Empty(body);
        Assert.Equal("5", response.Headers.GetValues("grpc-status").Single());
        Assert.Equal("Kein Programm f%C3%BCr %C2%AB%C3%A4%C2%BB 100%25 %F0%9F%8E%A5%0Azweite Zeile", response.Headers.GetValues("grpc-message").Single());
    }

    [Fact]
    public async Task UnknownMethodIsUnimplemented()
    {
        using var response = await _http.SendAsync(Call("DeleteEverything", Frame(new GetProgramRequest())));

        Assert.Equal("12", Status(response));
    }

    [Fact]
    public async Task RequestActivityCarriesRpcTags()
    {
        var method = $"Traced{Guid.NewGuid():N}";
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        using var response = await _http.SendAsync(Call(method, Frame(new GetProgramRequest())));
        Assert.Equal("12", Status(response));

        // The server stops the activity just after the response is sent.
        Activity? traced = null;
        for (var i = 0; i < 100 && traced is null; i++, await Task.Delay(50))
            traced = stopped.FirstOrDefault(a => (a.GetTagItem("rpc.method") as string) == method);
        Assert.NotNull(traced);
        Assert.Equal("grpc", traced.GetTagItem("rpc.system"));
        Assert.Equal("catalog.v1.CatalogService", traced.GetTagItem("rpc.service"));
        Assert.Equal(12, traced.GetTagItem("rpc.grpc.status_code"));
    }

    [Fact]
    public async Task UnsupportedEncodingIsUnimplementedAndListsTheAcceptedOnes()
    {
        using var request = Call("GetProgram", Frame(new GetProgramRequest { Id = "p" }, compressed: true));
        request.Headers.Add("grpc-encoding", "snappy");

        using var response = await _http.SendAsync(request);

        Assert.Equal("12", Status(response));
        Assert.Equal("identity,gzip", response.Headers.GetValues("grpc-accept-encoding").Single());
    }

    [Fact]
    public async Task CompressedFlagWithoutEncodingIsInternal()
    {
        using var response = await _http.SendAsync(Call("GetProgram", Frame(new GetProgramRequest { Id = "p" }, compressed: true)));

        Assert.Equal("13", Status(response));
    }

    [Fact]
    public async Task TruncatedMessageIsInternal()
    {
        var frame = Frame(new GetProgramRequest { Id = "abcdef" });
        using var response = await _http.SendAsync(Call("GetProgram", frame[..^2]));

        Assert.Equal("13", Status(response));
    }

    [Fact]
    public async Task TwoMessagesInAUnaryCallAreInternal()
    {
        var frame = Frame(new GetProgramRequest { Id = "a" });
        using var response = await _http.SendAsync(Call("GetProgram", [.. frame, .. frame]));

        Assert.Equal("13", Status(response));
    }

    [Fact]
    public async Task MalformedTimeoutIsInternal()
    {
        using var request = Call("GetProgram", Frame(new GetProgramRequest { Id = "p" }));
        request.Headers.TryAddWithoutValidation("grpc-timeout", "soon");

        using var response = await _http.SendAsync(request);

        Assert.Equal("13", Status(response));
    }

    [Fact]
    public async Task NonGrpcContentTypeIsRefusedWith415()
    {
        using var request = Call("GetProgram", Frame(new GetProgramRequest { Id = "p" }));
        request.Content!.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Theory]
    [InlineData("1S", 10_000_000L)]
    [InlineData("250m", 2_500_000L)]
    [InlineData("3u", 30L)]
    [InlineData("1000n", 10L)]
    [InlineData("2M", 1_200_000_000L)]
    [InlineData("1H", 36_000_000_000L)]
    public void TimeoutHeaderIsParsed(string header, long ticks)
    {
        Assert.True(GrpcTimeout.TryParse(header, out var timeout));
        Assert.Equal(ticks, timeout.Ticks);
    }

    [Theory]
    [InlineData("")]
    [InlineData("S")]
    [InlineData("10")]
    [InlineData("123456789S")]
    [InlineData("-1S")]
    [InlineData("1s")]
    public void MalformedTimeoutHeaderIsRejected(string header) => Assert.False(GrpcTimeout.TryParse(header, out _));

    private static HttpRequestMessage Call(string method, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        var request = new HttpRequestMessage(HttpMethod.Post, $"/catalog.v1.CatalogService/{method}")
        {
            Content = content,
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Headers.TryAddWithoutValidation("te", "trailers");
        return request;
    }

    private static byte[] Frame(IMessage message, bool compressed = false)
    {
        var payload = message.ToByteArray();
        var frame = new byte[5 + payload.Length];
        frame[0] = compressed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(frame, 5);
        return frame;
    }

    // Trailers-only responses carry the status in the headers, others in the trailers.
    private static string Status(HttpResponseMessage response) =>
        response.Headers.TryGetValues("grpc-status", out var values) ? values.Single() : response.TrailingHeaders.GetValues("grpc-status").Single();
}
