using MassTransit;

namespace VmsServices.Hosting.Bus;

/// <summary>
/// One node (the management server, or one recording server) as seen by the bus: the queue it
/// receives on, and how to bind its consumers to that queue. <paramref name="Services"/> is the
/// node's own service provider, so in the all-in-one demo several nodes share one in-memory bus
/// while each keeps its own state.
/// </summary>
public sealed record BusNode(
    string QueueName,
    IServiceProvider Services,
    Action<IReceiveEndpointConfigurator, IServiceProvider> Configure);
