using VmsServices.Hosting;
using VmsServices.Recording.Storage;

namespace VmsServices.Recording.Tests.Storage;

/// <summary>A volume whose free space the test sets.</summary>
internal sealed class FakeFreeSpace : IFreeSpaceProbe
{
    public long Bytes { get; set; } = long.MaxValue;
    public long AvailableFreeBytes(string directory) => Bytes;
}

/// <summary>A wall clock stopped at one instant (timestamps stay real, so delays still work).</summary>
internal sealed class FixedClock(long nowUtcMicros) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => UtcMicros.ToDateTimeOffset(nowUtcMicros);
}

/// <summary>Keeps every deletion report it receives.</summary>
internal sealed class RecordingSink : ISegmentsDeletedSink
{
    public List<IReadOnlyList<DeletedSegments>> Received { get; } = [];
    public Task OnDeletedAsync(IReadOnlyList<DeletedSegments> deleted, CancellationToken ct)
    {
        Received.Add(deleted);
        return Task.CompletedTask;
    }
}
