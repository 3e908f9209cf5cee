namespace ServiceDefaults.Keys;

/// <summary>Who presented a key: a configured name (<c>alice</c>, or <c>editor-0</c> for a legacy numbered key) and its role.</summary>
public sealed record Principal(string Name, string Role);

/// <summary>One configured key and the principal it stands for.</summary>
public sealed record NamedKey(string Name, string Role, string Key);
