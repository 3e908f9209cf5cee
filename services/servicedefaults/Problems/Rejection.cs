namespace ServiceDefaults.Problems;

/// <summary>Why a request is refused, as the one problem-details mapping knows it.</summary>
public enum RejectionKind
{
    /// <summary>The request is malformed or breaks a rule (400).</summary>
    Invalid,
    /// <summary>No valid credentials were presented (401).</summary>
    Unauthenticated,
    /// <summary>The credentials may not do this (403).</summary>
    Forbidden,
    /// <summary>Something asked for does not exist (404).</summary>
    NotFound,
    /// <summary>The request cannot be carried out in the resource's present state (409).</summary>
    Conflict,
    /// <summary>The resource changed since the caller read it (412).</summary>
    PreconditionFailed,
    /// <summary>The request body is larger than allowed (413).</summary>
    ContentTooLarge,
    /// <summary>Too many attempts from this client; <see cref="Rejection.RetryAfter"/> says when to try again (429).</summary>
    TooManyRequests,
    /// <summary>Something unexpected went wrong with this request alone (500); the detail says what became of it.</summary>
    Fault,
    /// <summary>The service cannot answer now, e.g. its database is away (503).</summary>
    Unavailable,
}

/// <summary>
/// A refusal decided by a use case (a decider, a query, a validation), in words the caller can act on. The edge turns
/// it into a problem document with <see cref="Problems.Result"/>; nothing throws for an HTTP reason. A service may
/// name the refusal more precisely than its kind: its own title, a <c>type</c> URI, and extension members.
/// </summary>
public sealed record Rejection(RejectionKind Kind, string Detail)
{
    public string? Title { get; init; }
    public string? Type { get; init; }
    public IReadOnlyDictionary<string, object?> Extensions { get; init; } = new Dictionary<string, object?>();

    /// <summary>For a 401: the scheme named in <c>WWW-Authenticate</c>; null where no scheme would help (a bad signature).</summary>
    public string? Challenge { get; init; } = "Bearer";

    /// <summary>For a 429 or 503: when to try again (503 defaults to 5 s).</summary>
    public TimeSpan? RetryAfter { get; init; }

    public static Rejection Invalid(string detail) => new(RejectionKind.Invalid, detail);
    public static Rejection NotFound(string detail) => new(RejectionKind.NotFound, detail);
    public static Rejection PreconditionFailed(string detail) => new(RejectionKind.PreconditionFailed, detail);
}
