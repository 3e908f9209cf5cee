using System.Text;

namespace Ingest.Callbacks.Checking;

/// <summary>
/// Text PostgreSQL can store: in a UTF-8 database every Unicode scalar value except U+0000, so a string with NUL
/// or a lone surrogate (not valid UTF-16, so not encodable as UTF-8) is refused before it reaches a statement.
/// </summary>
public static class StorableText
{
    /// <summary>Null when the text can be stored; else what is wrong with it.</summary>
    public static string? Problem(string text)
    {
        // Two vectorised scans settle the common case; the loop below says where and why.
        if (!text.AsSpan().Contains('\0') && !text.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF')) return null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0') return $"contains U+0000 (NUL) at index {i}, which PostgreSQL cannot store";
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else if (char.IsSurrogate(c)) return $"contains a lone surrogate (U+{(int)c:X4}) at index {i}: it is not valid Unicode";
        }
        return null;
    }

    /// <summary>The text with NUL and lone surrogates replaced by U+FFFD: for evidence that must be kept whatever it holds.</summary>
    public static string Sanitize(string text)
    {
        if (Problem(text) is null) return text;
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) builder.Append(c).Append(text[++i]);
            else builder.Append(c == '\0' || char.IsSurrogate(c) ? '\uFFFD' : c);
        }
        return builder.ToString();
    }
}
