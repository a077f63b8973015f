using MassTransit;
using VmsServices.Hosting.Bus;
using VmsServices.Hosting.Data;
using VmsServices.Hosting.Http;
using VmsServices.Management.Api;
using VmsServices.Management.ConfigurationTable;
using VmsServices.Management.Consumers;

namespace VmsServices.Management;

/// <summary>
/// Composes the management server: its services, its HTTP API and its bus endpoint. The same
/// composition runs as its own process (Program.cs) or beside recording servers in the demo.
/// </summary>
public static class ManagementNode
{
    public static IServiceCollection AddManagementNode(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(ManagementSettings.Section).Get<ManagementSettings>() ?? new ManagementSettings();
        services.AddSingleton(settings);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new Database(SqlDialect.For(settings.Database)));
        services.AddSingleton<ConfigurationStore>();
        services.AddSingleton<ConfigurationPublisher>();
        services.AddTransient<GetConfigurationCopyConsumer>();
        services.AddTransient<RecorderStartedConsumer>();
        services.AddHostedService<ManagementStartup>();
        services.AddVmsWebDefaults();
        services.AddHealthChecks();
        return services;
    }

    public static BusNode Endpoint(IServiceProvider services) => new(QueueNames.Management, services, static (e, sp) =>
    {
        e.Consumer(() => sp.GetRequiredService<GetConfigurationCopyConsumer>());
        e.Consumer(() => sp.GetRequiredService<RecorderStartedConsumer>());
    });

    public static WebApplication MapManagementNode(this WebApplication app)
    {
        app.UseVmsWebDefaults();
        app.MapHealthChecks("/health/live");
        app.MapHealthChecks("/health/ready");
        app.MapRecordingServersApi();
        app.MapDevicesApi();
        app.MapConfigurationTableApi();
        app.MapGet("/", () => Results.Redirect("/openapi/v1.json")).ExcludeFromDescription();
        return app;
    }
}
