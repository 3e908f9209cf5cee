namespace ServiceDefaults.Problems;

/// <summary>Something asked for does not exist (404), found deep in a call where returning a refusal would not fit.</summary>
public sealed class NotFoundException(string message) : Exception(message);
