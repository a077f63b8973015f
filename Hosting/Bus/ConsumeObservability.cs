using MassTransit;
using MassTransit.Configuration;
using Microsoft.Extensions.Logging;

namespace VmsServices.Hosting.Bus;

/// <summary>
/// Adds a <see cref="ConsumeObservabilityFilter{T}"/> for every message type a node's endpoint
/// consumes (consumers and sagas alike), the way MassTransit's own message retry is added. Create it
/// before the endpoint's retry so that the filter sits outside the retries.
/// </summary>
public sealed class ConsumeObservability : ConfigurationObserver, IMessageConfigurationObserver
{
    public const string LogCategory = "VmsServices.Bus";

    private readonly ILogger _log;
    private readonly BusMetrics? _metrics;

    public ConsumeObservability(IConsumePipeConfigurator endpoint, ILoggerFactory loggers, BusMetrics? metrics) : base(endpoint)
    {
        _log = loggers.CreateLogger(LogCategory);
        _metrics = metrics;
        Connect(this);
    }

    public void MessageConfigured<TMessage>(IConsumePipeConfigurator configurator) where TMessage : class =>
        configurator.AddPipeSpecification(new FilterPipeSpecification<ConsumeContext<TMessage>>(new ConsumeObservabilityFilter<TMessage>(_log, _metrics)));
}
