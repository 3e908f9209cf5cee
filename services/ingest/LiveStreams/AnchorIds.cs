using System.Text.RegularExpressions;

namespace Ingest.LiveStreams;

/// <summary>Finds the anchor (streamer) of a stream id, by the configured strategy.</summary>
public sealed class AnchorIds
{
    private readonly Func<string, string> _strategy;

    public AnchorIds(AnchorIdOptions options)
    {
        var strategy = options.Strategy;
        _strategy = strategy switch
        {
            "suffix-after-underscore" => SuffixAfterUnderscore,
            "stream-id" => id => id,
            _ when strategy.StartsWith("regex:", StringComparison.Ordinal) => FromRegex(new Regex(strategy["regex:".Length..], RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(50))),
            _ => throw new InvalidOperationException(
                $"Ingest:AnchorId:Strategy '{strategy}' is unknown: use suffix-after-underscore, stream-id or regex:<pattern with (?<anchor>...)>."),
        };
    }

    public string For(string streamId) => _strategy(streamId);

    // Tencent's demo: stream ids are "<bizid>_<userid>"; the user id may itself contain underscores.
    private static string SuffixAfterUnderscore(string streamId)
    {
        var i = streamId.IndexOf('_');
        return i >= 0 && i < streamId.Length - 1 ? streamId[(i + 1)..] : streamId;
    }

    private static Func<string, string> FromRegex(Regex regex)
    {
        if (!regex.GetGroupNames().Contains("anchor"))
            throw new InvalidOperationException("Ingest:AnchorId:Strategy regex needs a group named 'anchor'.");
        return id => regex.Match(id) is { Success: true } m && m.Groups["anchor"].Success ? m.Groups["anchor"].Value : id;
    }
}
