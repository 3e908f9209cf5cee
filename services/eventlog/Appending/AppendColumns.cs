using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace EventLog;

/// <summary>
/// A batch's commands as the columns of <c>append_batch</c>: one value per command, and the events of all of them in
/// command order (each command's count says how many are its own). One statement with eleven parameters, whatever the
/// batch's size, instead of a statement with ten per command.
/// </summary>
internal sealed class AppendColumns(int commands, int events)
{
    private readonly string[] _streamIds = new string[commands];
    private readonly long[] _expected = new long[commands];
    private readonly int[] _counts = new int[commands];
    private readonly string?[] _correlationIds = new string?[commands];
    private readonly string?[] _causationIds = new string?[commands];
    private readonly string?[] _traceParents = new string?[commands];
    private readonly string?[] _idempotencyKeys = new string?[commands];
    private readonly Guid[] _eventIds = new Guid[events];
    private readonly string[] _types = new string[events];
    private readonly byte[][] _data = new byte[events][];
    private int _command;
    private int _event;

    /// <summary>Adds the next command; throws when it cannot be written (no events, an event that does not serialise).</summary>
    public void Add(AppendRequest request, DateTimeOffset now, EventTypeRegistry types)
    {
        if (request.Events.Count == 0) throw new ArgumentException("An append needs at least one event.", nameof(request));
        for (var i = 0; i < request.Events.Count; i++)
        {
            var e = request.Events[i];
            _eventIds[_event] = Guid.CreateVersion7(now);
            _types[_event] = types.NameOf(e.GetType());
            _data[_event] = types.SerializeToUtf8Bytes(e);
            _event++;
        }
        var metadata = request.Metadata ?? EventMetadata.None;
        _streamIds[_command] = request.StreamId;
        _expected[_command] = request.Expected.Value;
        _counts[_command] = request.Events.Count;
        _correlationIds[_command] = metadata.CorrelationId;
        _causationIds[_command] = metadata.CausationId;
        _traceParents[_command] = metadata.TraceParent ?? Activity.Current?.Id;
        _idempotencyKeys[_command] = request.IdempotencyKey;
        _command++;
    }

    public NpgsqlCommand Command(NpgsqlDataSource dataSource, string sql, DateTimeOffset now)
    {
        var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = _streamIds });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = _expected });
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = _counts });
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = _eventIds });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = _types });
        command.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = _data, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
        command.Parameters.Add(Texts(_correlationIds));
        command.Parameters.Add(Texts(_causationIds));
        command.Parameters.Add(Texts(_traceParents));
        command.Parameters.Add(Texts(_idempotencyKeys));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        return command;
    }

    private static NpgsqlParameter<string?[]> Texts(string?[] values) =>
        new() { TypedValue = values, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };
}
