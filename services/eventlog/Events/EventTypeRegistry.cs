using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace EventLog;

/// <summary>
/// Maps event records to stable type names (never CLR names) and back. Every type is registered
/// explicitly with its source-generated JSON contract, so renaming a class never breaks the log.
/// </summary>
public sealed class EventTypeRegistry
{
    private readonly Dictionary<Type, Registration> _byType = [];
    private readonly Dictionary<string, Registration> _byName = new(StringComparer.Ordinal);

    private sealed record Registration(string Name, Type Type, JsonTypeInfo TypeInfo);

    public EventTypeRegistry Register<T>(string name, JsonTypeInfo<T> typeInfo) where T : notnull => Register(name, (JsonTypeInfo)typeInfo);

    /// <summary>Registers a module's events, as it lists them (stored name and JSON contract), without it depending on the log.</summary>
    public EventTypeRegistry Register(IEnumerable<(string Name, JsonTypeInfo TypeInfo)> types)
    {
        foreach (var (name, typeInfo) in types) Register(name, typeInfo);
        return this;
    }

    private EventTypeRegistry Register(string name, JsonTypeInfo typeInfo)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (_byName.TryGetValue(name, out var existing) && existing.Type != typeInfo.Type)
            throw new InvalidOperationException($"Event type name '{name}' is already registered for {existing.Type.Name}.");
        var registration = new Registration(name, typeInfo.Type, typeInfo);
        _byType[typeInfo.Type] = registration;
        _byName[name] = registration;
        return this;
    }

    public IEnumerable<string> Names => _byName.Keys;

    public string NameOf(Type type) => Of(type).Name;

    public string Serialize(object @event) => JsonSerializer.Serialize(@event, Of(@event.GetType()).TypeInfo);

    /// <summary>The same JSON as <see cref="Serialize"/>, as UTF-8: what the database is sent, without a UTF-16 copy first.</summary>
    public byte[] SerializeToUtf8Bytes(object @event) => JsonSerializer.SerializeToUtf8Bytes(@event, Of(@event.GetType()).TypeInfo);

    private Registration Of(Type type) =>
        _byType.TryGetValue(type, out var r)
            ? r
            : throw new InvalidOperationException($"Event type {type.Name} is not registered with the event log.");

    /// <summary>
    /// Deserializes a stored event, never throwing: an unknown name yields an <see cref="UnknownEvent"/>, JSON that no
    /// longer fits its type an <see cref="UndecodableEvent"/>, so a reader can report it with its position and go on.
    /// </summary>
    public object Deserialize(string name, string json)
    {
        if (!_byName.TryGetValue(name, out var r)) return new UnknownEvent(name, json);
        try
        {
            return JsonSerializer.Deserialize(json, r.TypeInfo) ?? new UndecodableEvent(name, json, "the event is JSON null");
        }
        catch (JsonException ex)
        {
            return new UndecodableEvent(name, json, ex.Message);
        }
    }
}

/// <summary>An event whose type this process does not know: kept raw so readers can report it and move on.</summary>
public sealed record UnknownEvent(string TypeName, string Json);

/// <summary>An event of a known type whose stored JSON does not fit that type; subscriptions treat it as poison.</summary>
public sealed record UndecodableEvent(string TypeName, string Json, string Error);
