using System.Collections.Concurrent;
using MassTransit;
using VmsServices.Messages;

namespace VmsServices.Integration.Tests.Infrastructure;

/// <summary>
/// A listener on the cluster's RabbitMQ virtual host that records the events the services publish,
/// so tests can check what crossed the bus (batching, deletions) without reaching into a service.
/// </summary>
public sealed class BusProbe : IAsyncDisposable
{
    private readonly IBusControl _bus;

    private BusProbe(IBusControl bus) => _bus = bus;

    public ConcurrentQueue<SegmentsStored> Stored { get; } = new();
    public ConcurrentQueue<SegmentsDeleted> Deleted { get; } = new();

    public static async Task<BusProbe> StartAsync(string rabbitMqUrl)
    {
        Environment.SetEnvironmentVariable("MASSTRANSIT_USAGE_TELEMETRY", "false");
        BusProbe? probe = null;
        var url = new Uri(rabbitMqUrl);
        var user = Uri.UnescapeDataString(url.UserInfo).Split(':', 2);
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(url.Host, (ushort)url.Port, url.AbsolutePath.Trim('/'), h =>
            {
                h.Username(user[0]);
                h.Password(user.Length > 1 ? user[1] : "");
            });
            cfg.ReceiveEndpoint("test-probe-" + Guid.NewGuid().ToString("N")[..8], e =>
            {
                e.AutoDelete = true;
                e.Durable = false;
                e.Handler<SegmentsStored>(ctx => { probe!.Stored.Enqueue(ctx.Message); return Task.CompletedTask; });
                e.Handler<SegmentsDeleted>(ctx => { probe!.Deleted.Enqueue(ctx.Message); return Task.CompletedTask; });
            });
        });
        probe = new BusProbe(bus);
        await bus.StartAsync();
        return probe;
    }

    public async ValueTask DisposeAsync() => await _bus.StopAsync();
}
