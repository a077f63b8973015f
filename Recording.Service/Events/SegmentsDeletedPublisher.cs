using MassTransit;
using VmsServices.Hosting;
using VmsServices.Recording.Storage;

namespace VmsServices.Recording.Events;

/// <summary>
/// Publishes what retention removed as SegmentsDeleted, one message per device and data type, so
/// peers drop the segments from their association tables and the management server can retire a
/// non-current row once this server holds nothing more of the device (seed 000 [0081]).
/// </summary>
public sealed class SegmentsDeletedPublisher(IBus bus, RecordingSettings settings, TimeProvider clock, ILogger<SegmentsDeletedPublisher> log)
    : ISegmentsDeletedSink
{
    public async Task OnDeletedAsync(IReadOnlyList<DeletedSegments> deleted, CancellationToken ct)
    {
        foreach (var d in deleted)
        {
            try
            {
                await bus.Publish(d.ToMessage(settings.ServerId, clock.Now()), ct);
            }
            catch (Exception e) when (e is not OutOfMemoryException and not OperationCanceledException)
            {
                log.LogWarning(e, "SegmentsDeleted for {Device}/{DataType} not published; peers resynchronize", d.DeviceId, d.DataType);
            }
        }
    }
}
