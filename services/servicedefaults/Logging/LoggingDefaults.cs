using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Console;

namespace ServiceDefaults.Logging;

/// <summary>
/// Console logs: one line per event; JSON when <c>Logging:Console:FormatterName</c> is <c>json</c>
/// (env <c>Logging__Console__FormatterName=json</c>), the built-in simple formatter otherwise.
/// </summary>
public static class LoggingDefaults
{
    public static IHostApplicationBuilder AddLoggingDefaults(this IHostApplicationBuilder builder)
    {
        // Without a formatter name the console logger takes its legacy path, which ignores the formatter options below.
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.FormatterName ??= ConsoleFormatterNames.Simple);
        builder.Services.Configure<SimpleConsoleFormatterOptions>(o =>
        {
            o.SingleLine = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        });
        builder.Services.Configure<JsonConsoleFormatterOptions>(o =>
        {
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            o.IncludeScopes = true;
            o.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Indented = false };
        });
        return builder;
    }
}
