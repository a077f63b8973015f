using VmsServices.Hosting.Bus;
using VmsServices.Management.ErrorQueues;

// In the composition's namespace, like ManagementNode that calls it.
namespace VmsServices.Management;

public static class ErrorQueuesRegistration
{
    /// <summary>Failed messages (the /api/errors API); the broker is the bus's own ("Bus" section), used only when it is RabbitMQ.</summary>
    public static IServiceCollection AddErrorQueues(this IServiceCollection services, IConfiguration configuration)
    {
        var bus = configuration.GetSection(BusSettings.Section).Get<BusSettings>() ?? new BusSettings();
        services.AddSingleton(sp => new ErrorQueueBroker(bus, sp.GetRequiredService<ILogger<ErrorQueueBroker>>()));
        services.AddSingleton<ErrorQueueCatalog>();
        services.AddSingleton<ErrorQueueService>();
        return services;
    }
}
