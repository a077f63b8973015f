using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace VmsServices.Hosting.Bus;

public static class BusRegistration
{
    /// <summary>
    /// Registers the one MassTransit bus of a process, with a receive endpoint per node. The nodes
    /// are resolved when the bus starts, so they may come from service providers built later.
    /// </summary>
    public static IServiceCollection AddVmsBus(this IServiceCollection services, BusSettings settings, Func<IServiceProvider, IEnumerable<BusNode>> nodes)
    {
        // Usage telemetry would try to reach an outside host; this system never does.
        Environment.SetEnvironmentVariable("MASSTRANSIT_USAGE_TELEMETRY", "false");
        services.AddMassTransit(x =>
        {
            x.DisableUsageTelemetry();
            switch (settings.Transport)
            {
                case BusTransport.InMemory:
                    x.UsingInMemory((ctx, cfg) =>
                    {
                        MoveCorrelation.Configure(cfg);
                        ConfigureNodes(cfg, nodes(ctx));
                    });
                    break;
                case BusTransport.RabbitMq:
                    x.UsingRabbitMq((ctx, cfg) =>
                    {
                        ConfigureHost(cfg, new Uri(settings.RabbitMqUrl));
                        MoveCorrelation.Configure(cfg);
                        ConfigureNodes(cfg, nodes(ctx));
                    });
                    break;
                default:
                    throw new InvalidOperationException($"Unknown bus transport '{settings.Transport}'.");
            }
        });
        // Without this the first message published after start can be lost before the queues are bound.
        services.Configure<MassTransitHostOptions>(o =>
        {
            o.WaitUntilStarted = true;
            o.StartTimeout = TimeSpan.FromSeconds(30);
            o.StopTimeout = TimeSpan.FromSeconds(10);
        });
        return services;
    }

    private static void ConfigureNodes(IBusFactoryConfigurator cfg, IEnumerable<BusNode> nodes)
    {
        foreach (var node in nodes)
        {
            cfg.ReceiveEndpoint(node.QueueName, e =>
            {
                // First, so that its filter sits outside the retry: logs scoped per message, consumed/faulted counts.
                _ = new ConsumeObservability(e, node.Services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance, node.Services.GetService<BusMetrics>());
                // Handlers are idempotent (no durable outbox exists here), so a short retry is safe.
                e.UseMessageRetry(r => r.Intervals(100, 500, 2000));
                node.Configure(e, node.Services);
            });
        }
    }

    private static void ConfigureHost(IRabbitMqBusFactoryConfigurator cfg, Uri url)
    {
        var userInfo = Uri.UnescapeDataString(url.UserInfo).Split(':', 2);
        var vhost = url.AbsolutePath.Trim('/');
        cfg.Host(url.Host, (ushort)(url.IsDefaultPort ? 5672 : url.Port), string.IsNullOrEmpty(vhost) ? "/" : vhost, h =>
        {
            if (userInfo[0].Length > 0) h.Username(userInfo[0]);
            if (userInfo.Length > 1) h.Password(userInfo[1]);
        });
    }
}
