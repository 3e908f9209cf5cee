using System.Text.Json;

namespace Ingest.Callbacks.Checking;

/// <summary>
/// A JSON callback body parsed once, for every JSON sender: a leading UTF-8 BOM is skipped (harmless), duplicate
/// keys are refused (which one counts would be a guess), the root must be an object, and every name and string in
/// it must be storable, so the sender's own field is named in the refusal.
/// </summary>
public static class JsonBody
{
    private static readonly JsonDocumentOptions Options = new() { AllowDuplicateProperties = false, MaxDepth = 64 };

    /// <summary>The parsed document (the caller disposes it), or why the body is refused.</summary>
    public static (JsonDocument? Document, Refusal? Refusal) Parse(ReadOnlyMemory<byte> body)
    {
        if (body.Span.StartsWith("\uFEFF"u8)) body = body[3..];
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, Options);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a duplicate-key check that met a name which is not valid text.
            return (null, new Refusal(RefusalKind.MalformedJson, $"The body is not valid JSON: {ex.Message}"));
        }
        var root = document.RootElement;
        var problem = root.ValueKind != JsonValueKind.Object
            ? new Refusal(RefusalKind.MalformedJson, $"The body is a JSON {root.ValueKind.ToString().ToLowerInvariant()}, not an object.")
            : StorableJson.Find(root, "") is { } unstorable ? new Refusal(RefusalKind.InvalidField, $"The field {unstorable}.") : null;
        if (problem is null) return (document, null);
        document.Dispose();
        return (null, problem);
    }
}
