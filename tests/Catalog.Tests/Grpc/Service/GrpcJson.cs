using System.Globalization;
using System.Text.Json;

namespace Catalog.Tests.Grpc.Service;

/// <summary>Reads @grpc/proto-loader's JSON (snake_case, int64 as strings, Timestamps as seconds/nanos) and compares it with REST's.</summary>
public static class GrpcJson
{
    public static DateTimeOffset Time(JsonElement timestamp) =>
        DateTimeOffset.FromUnixTimeSeconds(long.Parse(timestamp.GetProperty("seconds").GetString()!, CultureInfo.InvariantCulture))
            .AddTicks(timestamp.GetProperty("nanos").GetInt32() / 100);

    public static object Timestamp(DateTimeOffset value) => new
    {
        seconds = value.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        nanos = (int)(value.UtcTicks % TimeSpan.TicksPerSecond) * 100,
    };

    /// <summary>Every field REST answers for a program, with the same value over gRPC.</summary>
    public static void AssertSameProgram(JsonElement rest, JsonElement grpc)
    {
        Assert.Equal(rest.GetProperty("id").GetString(), grpc.GetProperty("id").GetString());
        Assert.Equal(rest.GetProperty("anchorId").GetString(), grpc.GetProperty("anchor_id").GetString());
        Assert.Equal(rest.GetProperty("streamId").GetString(), grpc.GetProperty("stream_id").GetString());
        Assert.Equal(RestTime(rest.GetProperty("startedAt")), Time(grpc.GetProperty("started_at")));
        Assert.Equal(RestTime(rest.GetProperty("endedAt")), Time(grpc.GetProperty("ended_at")));
        Assert.Equal(rest.GetProperty("durationSeconds").GetDouble(), grpc.GetProperty("duration_seconds").GetDouble());
        Assert.Equal(rest.GetProperty("coverUrl").ValueKind == JsonValueKind.Null ? "" : rest.GetProperty("coverUrl").GetString(),
            grpc.GetProperty("cover_url").GetString());
        var flags = rest.GetProperty("flags");
        Assert.Equal(flags.GetProperty("short").GetBoolean(), grpc.GetProperty("flags").GetProperty("short").GetBoolean());
        Assert.Equal(flags.GetProperty("inconsistentTimes").GetBoolean(), grpc.GetProperty("flags").GetProperty("inconsistent_times").GetBoolean());
        Assert.Equal(flags.GetProperty("merged").GetBoolean(), grpc.GetProperty("flags").GetProperty("merged").GetBoolean());
        Assert.Equal(rest.GetProperty("mergedFrom").EnumerateArray().Select(e => e.GetString()), grpc.GetProperty("merged_from").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(rest.TryGetProperty("mergedInto", out var into) ? into.GetString() : "", grpc.GetProperty("merged_into").GetString());

        var restGaps = rest.GetProperty("gaps").EnumerateArray().ToList();
        var grpcGaps = grpc.GetProperty("gaps").EnumerateArray().ToList();
        Assert.Equal(restGaps.Count, grpcGaps.Count);
        foreach (var (r, g) in restGaps.Zip(grpcGaps))
        {
            Assert.Equal(RestTime(r.GetProperty("startedAt")), Time(g.GetProperty("started_at")));
            Assert.Equal(RestTime(r.GetProperty("endedAt")), Time(g.GetProperty("ended_at")));
        }

        var restRenditions = rest.GetProperty("renditions").EnumerateArray().ToList();
        var grpcRenditions = grpc.GetProperty("renditions").EnumerateArray().ToList();
        Assert.Equal(restRenditions.Count, grpcRenditions.Count);
        foreach (var (r, g) in restRenditions.Zip(grpcRenditions))
        {
            Assert.Equal(r.GetProperty("format").GetString(), g.GetProperty("format").GetString());
            Assert.Equal(r.GetProperty("durationSeconds").GetDouble(), g.GetProperty("duration_seconds").GetDouble());
            var restFiles = r.GetProperty("files").EnumerateArray().ToList();
            var grpcFiles = g.GetProperty("files").EnumerateArray().ToList();
            Assert.Equal(restFiles.Count, grpcFiles.Count);
            foreach (var (rf, gf) in restFiles.Zip(grpcFiles))
            {
                Assert.Equal(rf.GetProperty("index").GetInt32(), gf.GetProperty("index").GetInt32());
                Assert.Equal(rf.GetProperty("fileId").GetString(), gf.GetProperty("file_id").GetString());
                Assert.Equal(rf.GetProperty("url").GetString(), gf.GetProperty("url").GetString());
                Assert.Equal(rf.GetProperty("sizeBytes").GetInt64().ToString(CultureInfo.InvariantCulture), gf.GetProperty("size_bytes").GetString());
                Assert.Equal(RestTime(rf.GetProperty("startedAt")), Time(gf.GetProperty("started_at")));
                Assert.Equal(RestTime(rf.GetProperty("endedAt")), Time(gf.GetProperty("ended_at")));
            }
        }
    }

    public static DateTimeOffset RestTime(JsonElement value) =>
        DateTimeOffset.Parse(value.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
