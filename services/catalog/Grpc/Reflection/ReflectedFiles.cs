using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Catalog.Grpc.Reflection;

/// <summary>
/// The descriptors that server reflection serves: the .proto files of the mapped services and every file they import
/// (google/protobuf/*.proto included), indexed by file name and by the fully qualified names they define.
/// </summary>
public sealed class ReflectedFiles
{
    private readonly Dictionary<string, FileDescriptor> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FileDescriptor> _bySymbol = new(StringComparer.Ordinal);
    private readonly HashSet<string> _messageTypes = new(StringComparer.Ordinal);

    /// <param name="serviceFiles">The files that define the services this server maps; their imports come along.</param>
    public ReflectedFiles(IEnumerable<FileDescriptor> serviceFiles)
    {
        var roots = serviceFiles.ToList();
        foreach (var file in roots) Add(file);
        Services = roots.SelectMany(f => f.Services).Select(s => s.FullName).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The fully qualified names of the services, for list_services.</summary>
    public IReadOnlyList<string> Services { get; }

    /// <summary>The file and every file it imports, directly or not, each once: what a client needs to build its types.</summary>
    public IReadOnlyList<ByteString>? FileByName(string name) => _byName.TryGetValue(name, out var file) ? WithImports(file) : null;

    /// <summary>As <see cref="FileByName"/>, for the file that defines a service, method, message, enum or field.</summary>
    public IReadOnlyList<ByteString>? FileContaining(string symbol) => _bySymbol.TryGetValue(symbol, out var file) ? WithImports(file) : null;

    public bool IsMessageType(string name) => _messageTypes.Contains(name);

    private void Add(FileDescriptor file)
    {
        if (!_byName.TryAdd(file.Name, file)) return;
        foreach (var import in file.Dependencies) Add(import);
        foreach (var service in file.Services)
        {
            _bySymbol[service.FullName] = file;
            foreach (var method in service.Methods) _bySymbol[method.FullName] = file;
        }
        foreach (var message in file.MessageTypes) AddMessage(file, message);
        foreach (var e in file.EnumTypes) _bySymbol[e.FullName] = file;
    }

    private void AddMessage(FileDescriptor file, MessageDescriptor message)
    {
        _bySymbol[message.FullName] = file;
        _messageTypes.Add(message.FullName);
        foreach (var field in message.Fields.InDeclarationOrder()) _bySymbol[field.FullName] = file;
        foreach (var nested in message.NestedTypes) AddMessage(file, nested);
        foreach (var e in message.EnumTypes) _bySymbol[e.FullName] = file;
    }

    private static List<ByteString> WithImports(FileDescriptor file)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var files = new List<ByteString>();
        Visit(file);
        return files;

        void Visit(FileDescriptor f)
        {
            if (!seen.Add(f.Name)) return;
            files.Add(f.SerializedData);
            foreach (var import in f.Dependencies) Visit(import);
        }
    }
}
