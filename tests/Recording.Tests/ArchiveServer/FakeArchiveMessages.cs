using VmsServices.Messages;
using VmsServices.Recording.ArchiveServer;

namespace VmsServices.Recording.Tests.ArchiveServer;

/// <summary>
/// The bus of <see cref="ArchivePassHarness"/>: records what the archive says and, unless told
/// otherwise, answers as the management server (grants the row) and as rec-a (deletes what matches).
/// </summary>
public sealed class FakeArchiveMessages(ArchivePassHarness harness) : IArchiveMessages
{
    public List<ConfirmArchived> Confirmations { get; } = [];
    public List<(string DeviceId, string DataType)> RowRequests { get; } = [];
    public List<(string DeviceId, string DataType)> Retired { get; } = [];

    /// <summary>False: confirmations get lost (the archive, or rec-a, died before acting on them).</summary>
    public bool Deliver { get; set; } = true;

    /// <summary>False: the management server does not answer AddArchiveHolder.</summary>
    public bool GrantRows { get; set; } = true;

    public async Task ConfirmAsync(string sourceServerId, ConfirmArchived confirmation, CancellationToken ct)
    {
        Confirmations.Add(confirmation);
        if (!Deliver) return;
        var matching = new List<long>();
        foreach (var s in confirmation.Segments)
            if (await harness.Source.Store.FindAsync(confirmation.DeviceId, confirmation.DataType, s.StartUtcMicros, ct) is { } held
                && await SegmentDigest.OfStoredAsync(harness.Source.Store, held, ct) == s.Sha256)
                matching.Add(s.StartUtcMicros);
        await harness.Source.Store.DeleteSegmentsAsync(confirmation.DeviceId, confirmation.DataType, matching, ct);
    }

    public async Task AddHolderAsync(string deviceId, string dataType, CancellationToken ct)
    {
        RowRequests.Add((deviceId, dataType));
        if (GrantRows) await harness.GrantRowAsync(dataType);
    }

    public Task HoldsNoMoreAsync(string deviceId, string dataType, CancellationToken ct)
    {
        Retired.Add((deviceId, dataType));
        return Task.CompletedTask;
    }
}
