using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace ServiceDefaults.Problems;

/// <summary>
/// Says what was wrong with a request the framework could not bind, in the caller's terms: the parameter's name and
/// value, never the .NET types the framework's own message names.
/// </summary>
public static partial class BadRequestDetail
{
    public static string Describe(BadHttpRequestException exception)
    {
        if (exception.StatusCode == StatusCodes.Status415UnsupportedMediaType) return "Send the body as application/json.";
        if (exception.StatusCode == StatusCodes.Status413PayloadTooLarge) return "The request body is too large.";
        var message = exception.Message;
        if (FailedToBind().Match(message) is { Success: true } bind)
            return $"'{Shorten(bind.Groups["value"].Value)}' is not a valid value for {bind.Groups["name"].Value}.";
        if (Required().Match(message) is { Success: true } required)
            return required.Groups["source"].Value == "body" ? "A request body is required." : $"{required.Groups["name"].Value} is required.";
        if (message.Contains("request body as JSON", StringComparison.Ordinal)) return "The request body is not valid JSON for this operation.";
        return "The request could not be read.";
    }

    private static string Shorten(string value) => value.Length <= 100 ? value : value[..100] + "…";

    [GeneratedRegex("""^Failed to bind parameter ".* (?<name>[^ "]+)" from "(?<value>.*)"\.$""", RegexOptions.Singleline)]
    private static partial Regex FailedToBind();

    [GeneratedRegex("""^Required parameter ".* (?<name>[^ "]+)" was not provided from (?<source>[^.]+)\.$""", RegexOptions.Singleline)]
    private static partial Regex Required();
}
