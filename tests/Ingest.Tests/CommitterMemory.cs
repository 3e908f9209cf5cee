using System.Reflection;
using Ingest.Committing;
using Microsoft.Extensions.DependencyInjection;

namespace Ingest.Tests;

/// <summary>
/// Gives the running group committer the memory of streams (cached states, streams in flight) a new committer has,
/// once a reset has emptied the log under it. Only tests empty a log a host has written to, so the committer has no
/// such member: its ledger is swapped for the one of a committer built as the host builds it.
/// </summary>
internal static class CommitterMemory
{
    private static readonly string[] RemembersStreams = ["StreamLedger", "LiveStreamCache"];

    public static void Forget(IServiceProvider services)
    {
        var running = services.GetRequiredService<GroupCommitter>();
        using var fresh = ActivatorUtilities.CreateInstance<GroupCommitter>(services);
        var fields = typeof(GroupCommitter).GetFields(BindingFlags.Instance | BindingFlags.NonPublic)
            .Where(f => RemembersStreams.Contains(f.FieldType.Name)).ToList();
        if (fields.Count == 0)
            throw new InvalidOperationException($"GroupCommitter holds no {string.Join(" or ", RemembersStreams)} field any more: teach {nameof(CommitterMemory)} where it keeps streams now.");
        foreach (var field in fields) field.SetValue(running, field.GetValue(fresh));
    }
}
