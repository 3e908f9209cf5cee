namespace ServiceDefaults.Problems;

/// <summary>No valid key was presented (401) or the key may not do this (403).</summary>
public sealed class AccessDeniedException(string message, bool authenticated) : Exception(message)
{
    public bool Authenticated { get; } = authenticated;
}
