using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Console;

namespace VmsServices.Hosting.Logging;

/// <summary>
/// <c>Logging:Format=json</c> (or the standard <c>Logging:Console:FormatterName=json</c>) makes the
/// console log one JSON object per line, with a UTC timestamp and the scopes included, so the
/// MessageType/ConversationId/CorrelationId/MoveId/DeviceId of the message being handled
/// (<see cref="Bus.MessageLogScope"/>) appear on every line. Settings given explicitly under
/// <c>Logging:Console:FormatterOptions</c> win.
/// </summary>
public static class LogFormat
{
    public const string FormatKey = "Logging:Format";
    private const string FormatterOptions = "Logging:Console:FormatterOptions:";

    public static IServiceCollection AddVmsLogFormat(this IServiceCollection services)
    {
        services.AddOptions<ConsoleLoggerOptions>().Configure<IConfiguration>((o, config) =>
        {
            if (string.Equals(config[FormatKey], "json", StringComparison.OrdinalIgnoreCase)) o.FormatterName = ConsoleFormatterNames.Json;
        });
        services.AddOptions<JsonConsoleFormatterOptions>().Configure<IConfiguration>((o, config) =>
        {
            if (config[FormatterOptions + nameof(o.IncludeScopes)] is null) o.IncludeScopes = true;
            if (config[FormatterOptions + nameof(o.TimestampFormat)] is null) o.TimestampFormat = "yyyy'-'MM'-'dd'T'HH':'mm':'ss.fff'Z'";
            if (config[FormatterOptions + nameof(o.UseUtcTimestamp)] is null) o.UseUtcTimestamp = true;
        });
        return services;
    }
}
