using System.Diagnostics.Metrics;
using VmsServices.Hosting.Metrics;

namespace VmsServices.Hosting.Bus;

/// <summary>The bus instruments of one node (meter <c>VmsServices.Bus</c>), fed by <see cref="ConsumeObservabilityFilter{T}"/>.</summary>
public sealed class BusMetrics
{
    public const string MeterName = "VmsServices.Bus";

    private readonly CounterTotals _consumed;
    private readonly CounterTotals _faulted;

    public BusMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _consumed = new CounterTotals(meter, "vms.bus.messages_consumed", "{message}",
            "Messages this node's consumers and sagas handled successfully, by message type.", "message_type");
        _faulted = new CounterTotals(meter, "vms.bus.messages_faulted", "{message}",
            "Messages whose handling failed after every retry (moved to the error queue), by message type.", "message_type");
    }

    public void Consumed(string messageType) => _consumed.Add(1, messageType);

    public void Faulted(string messageType) => _faulted.Add(1, messageType);
}
