using System.Text.Json;
using Ingest.Callbacks;
using Ingest.Callbacks.Checking;

namespace Ingest.Senders.Shared;

/// <summary>
/// Reads a JSON callback body, the same for every JSON sender: a leading UTF-8 BOM is skipped (harmless), duplicate
/// keys are refused (which one counts would be a guess), the root must be an object, and every name and string in it
/// must be storable, so a refusal names the sender's own field. Anything else is a <c>malformed-json</c> or
/// <c>invalid-field</c> refusal.
/// </summary>
public static class JsonBody
{
    private static readonly JsonDocumentOptions Options = new() { AllowDuplicateProperties = false, MaxDepth = 64 };

    /// <summary>A body opened once: its document, or why it cannot be read.</summary>
    internal sealed class Opened(JsonDocument? document, Refusal? refusal) : IDisposable
    {
        public JsonDocument? Document => document;
        public Refusal? Refusal => refusal;
        public void Dispose() => document?.Dispose();
    }

    /// <summary>
    /// Parses with the document the request's body was opened into (by <see cref="Check(SenderRequest, Func{JsonElement, Refusal?})"/>
    /// when the sender authenticated from it, else now), then closes it: the parse is the body's last use.
    /// </summary>
    public static SenderParse Parse(SenderRequest request, Func<JsonElement, SenderParse> use)
    {
        try
        {
            var opened = request.Json();
            return opened.Document is { } document ? use(document.RootElement) : SenderParse.Refused(opened.Refusal!);
        }
        finally
        {
            request.CloseJson();
        }
    }

    /// <summary>Checks the request's body, keeping the document open for its parse; a refused body is closed at once.</summary>
    public static Refusal? Check(SenderRequest request, Func<JsonElement, Refusal?> use)
    {
        var opened = request.Json();
        var refusal = opened.Document is { } document ? use(document.RootElement) : opened.Refusal;
        if (refusal is not null) request.CloseJson();
        return refusal;
    }

    internal static Opened Open(ReadOnlyMemory<byte> body)
    {
        if (body.Span.StartsWith("\uFEFF"u8)) body = body[3..];
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, Options);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: the duplicate-key check met a name that is not valid text.
            return new Opened(null, new Refusal(RefusalKind.MalformedJson, $"The body is not valid JSON: {ex.Message}"));
        }
        var root = document.RootElement;
        var refusal = root.ValueKind != JsonValueKind.Object
            ? new Refusal(RefusalKind.MalformedJson, $"The body is a JSON {root.ValueKind.ToString().ToLowerInvariant()}, not an object.")
            : StorableJson.Find(root, "") is { } unstorable ? new Refusal(RefusalKind.InvalidField, $"The field {unstorable}.") : null;
        if (refusal is null) return new Opened(document, null);
        document.Dispose();
        return new Opened(null, refusal);
    }
}
