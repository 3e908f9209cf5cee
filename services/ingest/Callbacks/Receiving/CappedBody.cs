using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Ingest.Callbacks.Receiving;

/// <summary>A request body read up to a limit: the first bytes, the total length when known, whether it was cut.</summary>
public sealed record CappedBody(byte[] Bytes, long? TotalLength, bool Truncated)
{
    // Past the limit we still count (to report the size) up to this many bytes, then stop reading.
    private const long CountingLimit = 16 * 1024 * 1024;

    // A body already received completes at once: a ValueTask then costs no task object.
    public static async ValueTask<CappedBody> ReadAsync(HttpRequest request, int limit, CancellationToken ct)
    {
        // The limit is ours to enforce (with a 413 problem and a quarantined head), not Kestrel's bare 413.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            size.MaxRequestBodySize = null;

        // A declared length within the limit is read straight into an array of that size: no growing buffer, no copy.
        if (request.ContentLength is { } declared && declared <= limit)
        {
            var bytes = new byte[declared];
            var count = await request.Body.ReadAtLeastAsync(bytes, bytes.Length, throwOnEndOfStream: false, ct);
            return new CappedBody(count == bytes.Length ? bytes : bytes[..count], declared, false);
        }

        var buffer = new ArrayBufferWriter<byte>(Math.Min(limit + 1, 4 * 1024));
        long total = 0;
        var scratch = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(scratch, ct)) > 0)
            {
                var keep = (int)Math.Min(read, Math.Max(0, limit - total));
                if (keep > 0) buffer.Write(scratch.AsSpan(0, keep));
                total += read;
                if (total > limit && (request.ContentLength is not null || total > CountingLimit)) break;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
        var truncated = total > limit;
        long? length = request.ContentLength ?? (total > CountingLimit ? null : total);
        return new CappedBody(buffer.WrittenSpan.ToArray(), length, truncated);
    }
}
