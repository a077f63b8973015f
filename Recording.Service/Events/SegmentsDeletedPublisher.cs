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
                // Bounded: MassTransit would wait for a broker that refuses or is gone (peers resynchronize).
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                await bus.Publish(d.ToMessage(settings.ServerId, clock.Now()), timeout.Token);
            }
            catch (Exception e) when (e is not OutOfMemoryException && !ct.IsCancellationRequested)
            {
                log.LogWarning(e, "SegmentsDeleted for {Device}/{DataType} not published; peers resynchronize", d.DeviceId, d.DataType);
            }
        }
    }
}
