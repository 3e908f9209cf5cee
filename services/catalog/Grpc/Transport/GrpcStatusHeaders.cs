using System.Text;
using Microsoft.AspNetCore.Http;

namespace Catalog.Grpc.Transport;

/// <summary>Writes a call's final status: in the trailers, or in the headers of a trailers-only response.</summary>
public static class GrpcStatusHeaders
{
    private const string Status = "grpc-status";
    private const string Message = "grpc-message";

    public static void Write(HttpResponse response, bool bodyStarted, GrpcStatusCode status, string? message)
    {
        var code = ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var encoded = string.IsNullOrEmpty(message) ? null : PercentEncode(message);
        if (!bodyStarted && !response.HasStarted)
        {
            // Trailers-only: one HEADERS frame that ends the stream.
            response.Headers[Status] = code;
            if (encoded is not null) response.Headers[Message] = encoded;
            return;
        }
        response.AppendTrailer(Status, code);
        if (encoded is not null) response.AppendTrailer(Message, encoded);
    }

    /// <summary>The spec's encoding for grpc-message: UTF-8, with bytes outside printable ASCII and '%' as %XX.</summary>
    public static string PercentEncode(string message)
    {
        var bytes = Encoding.UTF8.GetBytes(message);
        var builder = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            if (b is >= 0x20 and <= 0x7E && b != (byte)'%') builder.Append((char)b);
            else builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return builder.ToString();
    }
}
