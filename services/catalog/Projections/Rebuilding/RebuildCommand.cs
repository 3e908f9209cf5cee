using Catalog.Hosting;
using EventLog;
using Spectre.Console;

namespace Catalog.Projections.Rebuilding;

/// <summary><c>dotnet Catalog.dll rebuild &lt;projection&gt; [--restart]</c>: rebuilds in the foreground with a progress bar, then exits.</summary>
public static class RebuildCommand
{
    public static bool Matches(string[] args) => args.Length > 0 && args[0] == "rebuild";

    public static async Task<int> RunAsync(string[] args)
    {
        var names = args.Skip(1).Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        var restart = args.Contains("--restart");
        var builder = WebApplication.CreateBuilder(args.Skip(1).Where(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=')).ToArray());
        builder.AddCatalog();
        await using var app = builder.Build();
        var versions = app.Services.GetRequiredService<ProjectionVersions>();
        if (names.Length != 1 || versions.Projections.All(p => p.Name != names[0]))
        {
            AnsiConsole.WriteLine($"usage: rebuild <{string.Join('|', versions.Projections.Select(p => p.Name))}> [--restart]");
            return 2;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
        await app.Services.GetRequiredService<EventLogReadiness>().EnsureSchemaAsync(cancel.Token);
        var rebuild = app.Services.GetRequiredService<RebuildProjection>();
        RebuildResult? result = null;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask($"rebuild {names[0]}", maxValue: 1);
                result = await rebuild.RunAsync(names[0], restart, p =>
                {
                    task.Description = $"{p.Projection} v{p.Version}: {p.Position:N0}/{p.Head:N0}, {p.EventsPerSecond:N0} events/s";
                    task.Value = p.Fraction;
                }, cancel.Token);
                task.Value = 1;
            });
        AnsiConsole.MarkupLine(result!.Switched
            ? $"[green]{result.Projection} v{result.Version} serves now[/]: {result.EventsFolded:N0} events in {result.Elapsed.TotalSeconds:F1} s ({result.EventsFolded / Math.Max(result.Elapsed.TotalSeconds, 0.001):N0} events/s)"
            : $"[yellow]{result.Projection} v{result.Version} was built but another rebuild switched first[/]");
        return 0;
    }
}
