namespace ServiceDefaults.Problems;

/// <summary>The request is malformed or breaks a rule (400), found deep in a call where returning a refusal would not fit.</summary>
public sealed class ValidationException(string message) : Exception(message);
