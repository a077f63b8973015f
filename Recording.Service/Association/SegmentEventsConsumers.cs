using MassTransit;
using VmsServices.Messages;

namespace VmsServices.Recording.Association;

/// <summary>
/// A peer stored segments (seed 000 [0074], [0077]): they join this server's association table.
/// Events of devices or peers the configuration copy does not name, and our own, are ignored; if
/// the copy names the peer only later, that change triggers a resynchronization which lists them.
/// </summary>
public sealed class SegmentsStoredConsumer(AssociationTable table) : IConsumer<SegmentsStored>
{
    public Task Consume(ConsumeContext<SegmentsStored> context)
    {
        var m = context.Message;
        table.AddSegments(m.RecordingServerId, m.DeviceId, m.DataType, m.Segments.Select(s => (s.StartUtcMicros, s.EndUtcMicros)));
        return Task.CompletedTask;
    }
}

/// <summary>
/// A peer deleted segments (retention, archiving): they leave the association table. When it holds
/// no more of the device, its entries are emptied at once; its row goes when the copy retires it ([0081]).
/// </summary>
public sealed class SegmentsDeletedConsumer(AssociationTable table) : IConsumer<SegmentsDeleted>
{
    public Task Consume(ConsumeContext<SegmentsDeleted> context)
    {
        var m = context.Message;
        table.RemoveSegments(m.RecordingServerId, m.DeviceId, m.DataType, m.Segments.Select(s => s.StartUtcMicros), m.HoldsNoMore);
        return Task.CompletedTask;
    }
}
