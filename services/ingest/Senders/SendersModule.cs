using Ingest.Callbacks.Receiving;
using Ingest.Senders.Shared;
using Microsoft.Extensions.Logging;

namespace Ingest.Senders;

public static partial class SendersModule
{
    /// <summary>Registers every <see cref="ISender"/> of this assembly: a new sender needs no line here.</summary>
    public static IServiceCollection AddSenders(this IServiceCollection services)
    {
        services.AddSingleton<SenderSettings>();
        foreach (var type in typeof(ISender).Assembly.GetTypes()
                     .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ISender).IsAssignableFrom(t)))
            services.AddSingleton(typeof(ISender), type);
        services.AddSingleton<SenderDirectory>();
        return services;
    }

    /// <summary>Maps <c>POST /callbacks/{provider}</c> for every sender and says at start which ones are off.</summary>
    public static IEndpointRouteBuilder MapSenders(this IEndpointRouteBuilder app)
    {
        var senders = app.ServiceProvider.GetRequiredService<SenderDirectory>().All.OrderBy(s => s.Provider, StringComparer.Ordinal).ToList();
        var logger = app.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Ingest.Senders");
        foreach (var sender in senders)
        {
            if (sender.NotConfigured is { } missing) LogOff(logger, sender.Provider, SenderPaths.Of(sender), missing);
            else LogOn(logger, sender.Provider, SenderPaths.Of(sender));
        }
        app.MapReceiveCallbacks(senders);
        return app;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sender {Provider} is on: POST {Path}")]
    private static partial void LogOn(ILogger logger, string provider, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sender {Provider} is off ({Path} answers 404): {Missing}")]
    private static partial void LogOff(ILogger logger, string provider, string path, string missing);
}
