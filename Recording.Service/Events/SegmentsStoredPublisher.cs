using System.Threading.Channels;
using MassTransit;
using VmsServices.Hosting;
using VmsServices.Messages;
using VmsServices.Recording.Storage;

namespace VmsServices.Recording.Events;

/// <summary>
/// Publishes committed segments as SegmentsStored in batches (seed 000 [0077]): one message per
/// device and data type per flush, never one per segment, so 256 cameras cost a handful of
/// messages a second. A batch lost with the broker is healed by the peers' background
/// resynchronization, so a failed publish is logged, not retried forever.
/// </summary>
public sealed class SegmentsStoredPublisher(
    ISegmentStore store,
    IBus bus,
    RecordingSettings settings,
    TimeProvider clock,
    ILogger<SegmentsStoredPublisher> log) : BackgroundService
{
    /// <summary>Most segments one message carries.</summary>
    public const int MaxBatch = 500;

    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(5);

    private readonly Channel<SegmentInfo> _committed = Channel.CreateUnbounded<SegmentInfo>(new() { SingleReader = true });

    public override Task StartAsync(CancellationToken ct)
    {
        store.SegmentCommitted += OnCommitted;
        return base.StartAsync(ct);
    }

    public override async Task StopAsync(CancellationToken ct)
    {
        store.SegmentCommitted -= OnCommitted;
        _committed.Writer.TryComplete();
        await base.StopAsync(ct);
    }

    private void OnCommitted(SegmentInfo segment) => _committed.Writer.TryWrite(segment);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<SegmentInfo>();
        try
        {
            while (await _committed.Reader.WaitToReadAsync(stoppingToken))
            {
                // Let a batch build up for one interval, then send everything that arrived.
                await Task.Delay(settings.SegmentsStoredFlushInterval, clock, stoppingToken);
                while (batch.Count < MaxBatch * 16 && _committed.Reader.TryRead(out var s)) batch.Add(s);
                await PublishAsync(batch, stoppingToken);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        // Drain what was committed before the stop so a clean shutdown loses no notification.
        while (_committed.Reader.TryRead(out var s)) batch.Add(s);
        using var last = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await PublishAsync(batch, last.Token);
    }

    private async Task PublishAsync(List<SegmentInfo> batch, CancellationToken ct)
    {
        foreach (var group in batch.GroupBy(s => (s.DeviceId, s.DataType)))
        {
            foreach (var chunk in group.OrderBy(s => s.StartUtcMicros).Chunk(MaxBatch))
            {
                var message = new SegmentsStored(settings.ServerId, group.Key.DeviceId, group.Key.DataType,
                    chunk.Select(s => new SegmentRef(s.StartUtcMicros, s.EndUtcMicros, s.LengthBytes)).ToList(), clock.Now());
                try
                {
                    // MassTransit waits for a broker that refuses or lost the connection; bound it so a
                    // lost batch is logged and left to the peers' resynchronization, not queued forever.
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    timeout.CancelAfter(PublishTimeout);
                    await bus.Publish(message, timeout.Token);
                }
                catch (Exception e) when (e is not OutOfMemoryException && !ct.IsCancellationRequested)
                {
                    log.LogWarning(e, "SegmentsStored for {Device}/{DataType} ({Count} segments) not published; peers resynchronize", group.Key.DeviceId, group.Key.DataType, chunk.Length);
                }
            }
        }
    }
}
