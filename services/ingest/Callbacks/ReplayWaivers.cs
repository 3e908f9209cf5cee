namespace Ingest.Callbacks;

/// <summary>What an operator waives when replaying a quarantined callback.</summary>
public sealed record ReplayWaivers(bool AcceptExpired = false, bool SkipSignature = false)
{
    public static readonly ReplayWaivers None = new();
}
