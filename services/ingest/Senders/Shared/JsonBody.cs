using System.Text.Json;
using Ingest.Callbacks;

namespace Ingest.Senders.Shared;

/// <summary>Reads a JSON callback body that must be an object; anything else is a <c>malformed-json</c> refusal.</summary>
public static class JsonBody
{
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
        refusal = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            refusal = new Refusal(RefusalKind.MalformedJson, $"The body is not valid JSON: {ex.Message}");
            return null;
        }
        if (document.RootElement.ValueKind == JsonValueKind.Object) return document;
        refusal = new Refusal(RefusalKind.MalformedJson, $"The body is a JSON {document.RootElement.ValueKind.ToString().ToLowerInvariant()}, not an object.");
        document.Dispose();
        return null;
    }
}
