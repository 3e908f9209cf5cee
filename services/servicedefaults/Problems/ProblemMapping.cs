namespace ServiceDefaults.Problems;

/// <summary>
/// Which exceptions are refusals, and which: the shared ones are built in, a service adds its own (the catalog maps
/// the log's version conflict to 412) with <see cref="ProblemDetailsSetup.MapProblem{TException}"/>. An exception no
/// rule claims is a 500 whose document says nothing about it (the log has it).
/// </summary>
public sealed class ProblemMapping(IEnumerable<ProblemRule> serviceRules)
{
    private readonly List<Func<Exception, Rejection?>> _rules =
    [
        e => e switch
        {
            NotFoundException x => new Rejection(RejectionKind.NotFound, x.Message),
            ValidationException x => new Rejection(RejectionKind.Invalid, x.Message),
            AccessDeniedException { Authenticated: false } x => new Rejection(RejectionKind.Unauthenticated, x.Message),
            AccessDeniedException x => new Rejection(RejectionKind.Forbidden, x.Message),
            UnavailableException x => new Rejection(RejectionKind.Unavailable, x.Message),
            _ => null,
        },
        .. serviceRules.Select(r => r.Find),
    ];

    /// <summary>The refusal an exception stands for, looking through wrappers; null when it is a fault.</summary>
    public Rejection? Find(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            foreach (var rule in _rules)
                if (rule(e) is { } rejection) return rejection;
        return null;
    }
}

/// <summary>A service's own exception-to-refusal rule.</summary>
public sealed record ProblemRule(Func<Exception, Rejection?> Find);
