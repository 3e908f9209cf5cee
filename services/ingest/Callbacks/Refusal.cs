namespace Ingest.Callbacks;

public enum RefusalKind
{
    MalformedJson,
    InvalidField,
    SignatureMissing,
    SignatureInvalid,
    SignatureExpired,
    BodyTooLarge,
    /// <summary>The sender's endpoint is off until its settings are given.</summary>
    SenderNotConfigured,
    /// <summary>The database could not commit or quarantine: the sender should retry.</summary>
    Unavailable,
    /// <summary>Something unexpected went wrong with this callback alone (a bug, or data no check foresaw): 500, quarantined.</summary>
    InternalError,
}

/// <summary>
/// Why a callback was not accepted, in words an operator can act on. <c>Cause</c> (an exception's type and message)
/// goes to the logs and the quarantine, never into the answer. Its status and problem document come from the shared
/// mapping (<see cref="Problems"/>) through <see cref="ToRejection"/>.
/// </summary>
public sealed record Refusal(RefusalKind Kind, string Detail, string? Cause = null)
{
    public int StatusCode => Problems.StatusOf(RejectionKindOf(Kind));

    /// <summary>The refusal's name in answers, quarantine and telemetry: <c>signature-expired</c>, ...</summary>
    public string Reason => ReasonOf(Kind);

    /// <summary>Kept whole in quarantine: the detail and, when there is one, the cause.</summary>
    public string QuarantineDetail => Cause is null ? Detail : $"{Detail} Cause: {Cause}";

    public static Refusal Internal(string cause) =>
        new(RefusalKind.InternalError, "Ingest could not handle this callback; it is kept in quarantine for an operator.", cause);

    public static Refusal Internal(Exception ex) => Internal($"{ex.GetType().FullName}: {ex.Message}");

    /// <summary>The refusal in the shared vocabulary: its kind, a title and type of its own, its reason and where it is kept.</summary>
    public Rejection ToRejection(long? quarantineId = null) => new(RejectionKindOf(Kind), Detail)
    {
        Title = TitleOf(Kind),
        Type = $"https://catalog.local/problems/callback/{Reason}",
        Challenge = null,
        Extensions = quarantineId is { } id
            ? new Dictionary<string, object?> { ["reason"] = Reason, ["quarantineId"] = id }
            : new Dictionary<string, object?> { ["reason"] = Reason },
    };

    public static RejectionKind RejectionKindOf(RefusalKind kind) => kind switch
    {
        RefusalKind.MalformedJson or RefusalKind.InvalidField => RejectionKind.Invalid,
        RefusalKind.SignatureMissing or RefusalKind.SignatureInvalid or RefusalKind.SignatureExpired => RejectionKind.Unauthenticated,
        RefusalKind.BodyTooLarge => RejectionKind.ContentTooLarge,
        RefusalKind.SenderNotConfigured => RejectionKind.NotFound,
        RefusalKind.Unavailable => RejectionKind.Unavailable,
        RefusalKind.InternalError => RejectionKind.Fault,
        _ => RejectionKind.Invalid,
    };

    public static string ReasonOf(RefusalKind kind) =>
        string.Concat(kind.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? $"-{char.ToLowerInvariant(c)}" : char.ToLowerInvariant(c).ToString()));

    private static string TitleOf(RefusalKind kind) => kind switch
    {
        RefusalKind.MalformedJson => "The callback body is not a JSON object.",
        RefusalKind.InvalidField => "A field is missing, has the wrong type, or holds a value that cannot be stored.",
        RefusalKind.SignatureMissing => "The callback is not signed.",
        RefusalKind.SignatureInvalid => "The callback signature does not match.",
        RefusalKind.SignatureExpired => "The callback notification has expired.",
        RefusalKind.BodyTooLarge => "The callback body is too large.",
        RefusalKind.SenderNotConfigured => "This sender is not configured.",
        RefusalKind.Unavailable => "The callback could not be stored now; retry later.",
        RefusalKind.InternalError => "The callback could not be handled.",
        _ => "The callback was refused.",
    };
}
