using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Ingest.LiveStreams;

namespace Ingest.Callbacks.Checking;

/// <summary>
/// The last check before a parsed callback is decided and committed, the same for every sender: its keys fit their
/// indexes, and every value of its fact can be stored and projected (text without NUL or lone surrogates and within
/// its length, times in the sane window, finite numbers, no negative sizes or durations). A sender's parser names its
/// own fields first; this catches what a parser let through, so bad data is refused (400) instead of failing a commit.
/// </summary>
public static class StorableFacts
{
    private const int MaxDepth = 8;
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Properties = new();

    // Counts, sizes and durations by naming convention: SizeBytes, DurationSeconds, PushDurationMs, Width, Height, Index.
    private static readonly string[] NonNegativeSuffixes = ["Bytes", "Seconds", "Ms", "Width", "Height", "Index"];

    /// <summary>Null when the callback can be committed; else a refusal naming the value.</summary>
    public static Refusal? Check(LiveStreamCallback callback)
    {
        var problem = Key("stream id", callback.StreamId, CallbackLimits.IdLength)
            ?? Key("log stream id", callback.LogStreamId, null)
            ?? Key("idempotency key", callback.IdempotencyKey, null)
            ?? Fact(callback.Fact);
        return problem is null ? null : new Refusal(RefusalKind.InvalidField, $"{problem}.");
    }

    // Paths are built only for the refusal's message: the common, storable fact is checked without them.
    private static string? Fact(object fact)
    {
        var name = fact.GetType().Name;
        return IsStorable(fact, name, 0) ? null : Walk(fact, name, 0);
    }

    /// <summary>The rules of <see cref="Walk"/>, told by the name that ends the value's path ("" for an item).</summary>
    private static bool IsStorable(object? value, string name, int depth) => value switch
    {
        null or bool or Guid or Enum => true,
        TimeSpan span => !IsNegativeCount(span.TotalSeconds, name),
        string s => StorableText.Problem(s) is null && s.Length <= MaxLength(name),
        DateTimeOffset time => CallbackLimits.IsSaneTime(time),
        double d => double.IsFinite(d) && !IsNegativeCount(d, name),
        float f => float.IsFinite(f) && !IsNegativeCount(f, name),
        long l => !IsNegativeCount(l, name),
        int i => !IsNegativeCount(i, name),
        JsonElement json => StorableJson.IsStorable(json),
        IEnumerable items => AreStorable(items, depth),
        _ when depth >= MaxDepth => false,
        _ => AreMembersStorable(value, depth),
    };

    private static bool AreStorable(IEnumerable items, int depth)
    {
        foreach (var item in items)
            if (!IsStorable(item, "", depth + 1)) return false;
        return true;
    }

    private static bool AreMembersStorable(object value, int depth)
    {
        foreach (var property in PropertiesOf(value.GetType()))
            if (!IsStorable(property.GetValue(value), property.Name, depth + 1)) return false;
        return true;
    }

    private static int MaxLength(string name) => name.EndsWith("Id", StringComparison.Ordinal) ? CallbackLimits.IdLength : CallbackLimits.TextLength;

    private static bool IsNegativeCount(double number, string name) =>
        number < 0 && NonNegativeSuffixes.Any(s => name.EndsWith(s, StringComparison.Ordinal));

    private static PropertyInfo[] PropertiesOf(Type type) =>
        Properties.GetOrAdd(type, static t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0).ToArray());

    private static string? Key(string name, string value, int? maxLength)
    {
        if (StorableText.Problem(value) is { } bad) return $"The {name} {bad}";
        if (maxLength is { } max && value.Length > max) return $"The {name} has {value.Length} characters; at most {max}";
        var bytes = Encoding.UTF8.GetByteCount(value);
        return bytes > CallbackLimits.KeyBytes ? $"The {name} has {bytes} bytes in UTF-8; at most {CallbackLimits.KeyBytes}" : null;
    }

    private static string? Walk(object? value, string path, int depth) => value switch
    {
        null or bool or Guid or Enum => null,
        TimeSpan span => Sign(span.TotalSeconds, path),
        string s => Text(s, path),
        DateTimeOffset time => CallbackLimits.IsSaneTime(time) ? null : $"'{path}' ({time:O}) is outside {CallbackLimits.EarliestTime:yyyy} to {CallbackLimits.LatestTime.Year - 1}",
        double d => !double.IsFinite(d) ? $"'{path}' is not a finite number" : Sign(d, path),
        float f => !float.IsFinite(f) ? $"'{path}' is not a finite number" : Sign(f, path),
        long l => Sign(l, path),
        int i => Sign(i, path),
        JsonElement json => StorableJson.Find(json, path) is { } bad ? $"The value {bad}" : null,
        IEnumerable items => Items(items, path, depth),
        _ when depth >= MaxDepth => $"'{path}' nests deeper than {MaxDepth}",
        _ => Members(value, path, depth),
    };

    private static string? Text(string text, string path)
    {
        if (StorableText.Problem(text) is { } bad) return $"'{path}' {bad}";
        var max = MaxLength(path);
        return text.Length > max ? $"'{path}' has {text.Length} characters; at most {max}" : null;
    }

    private static string? Sign(double number, string path) => IsNegativeCount(number, path) ? $"'{path}' must not be negative ({number})" : null;

    private static string? Items(IEnumerable items, string path, int depth)
    {
        var index = 0;
        foreach (var item in items)
            if (Walk(item, $"{path}[{index++}]", depth + 1) is { } bad) return bad;
        return null;
    }

    private static string? Members(object value, string path, int depth)
    {
        foreach (var property in PropertiesOf(value.GetType()))
            if (Walk(property.GetValue(value), $"{path}.{property.Name}", depth + 1) is { } bad) return bad;
        return null;
    }
}
