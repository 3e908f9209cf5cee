using EventLog;

namespace Catalog;

/// <summary>An edit made against a version that is no longer current: the one refusal for it, whoever detects it.</summary>
public static class EditConflict
{
    public static Rejection At(long actualVersion) => Rejection.PreconditionFailed(
        $"The resource changed (it is at version {actualVersion}); read it again and retry with its ETag.");

    public static Rejection Of(WrongExpectedVersionException conflict) => At(conflict.ActualVersion);
}
