namespace ServiceDefaults.Problems;

/// <summary>The service cannot answer yet, e.g. its database has not been reachable since start-up (503).</summary>
public sealed class UnavailableException(string message) : Exception(message);
