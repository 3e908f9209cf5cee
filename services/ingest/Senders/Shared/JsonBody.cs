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

    public static SenderParse Parse(ReadOnlyMemory<byte> body, Func<JsonElement, SenderParse> use)
    {
        if (Open(body, out var refusal) is not { } document) return SenderParse.Refused(refusal!);
        using (document) return use(document.RootElement);
    }

    public static Refusal? Check(ReadOnlyMemory<byte> body, Func<JsonElement, Refusal?> use)
    {
        if (Open(body, out var refusal) is not { } document) return refusal;
        using (document) return use(document.RootElement);
    }

    private static JsonDocument? Open(ReadOnlyMemory<byte> body, out Refusal? refusal)
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
            refusal = new Refusal(RefusalKind.MalformedJson, $"The body is not valid JSON: {ex.Message}");
            return null;
        }
        var root = document.RootElement;
        refusal = root.ValueKind != JsonValueKind.Object
            ? new Refusal(RefusalKind.MalformedJson, $"The body is a JSON {root.ValueKind.ToString().ToLowerInvariant()}, not an object.")
            : StorableJson.Find(root, "") is { } unstorable ? new Refusal(RefusalKind.InvalidField, $"The field {unstorable}.") : null;
        if (refusal is null) return document;
        document.Dispose();
        return null;
    }
}
