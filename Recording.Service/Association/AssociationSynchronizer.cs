using System.Threading.Channels;
using VmsServices.Hosting;
using VmsServices.Messages;
using VmsServices.Recording.Configuration;

namespace VmsServices.Recording.Association;

/// <summary>Outcome of a resynchronization: how many (device, data type, peer) rows were asked, and which peers failed.</summary>
public sealed record ResyncReport(int RowsAsked, int RowsSynchronized, IReadOnlyList<string> FailedPeers);

/// <summary>
/// The synchronization process of seed 000 [0074]-[0080] on this server:
/// at start-up the table is built from the configuration copy plus the segment lists of the peers
/// the copy names for each device, asked with the device id ([0011], FIG. 3 305/310); a change of
/// the copy that names a new peer for a device asks that peer (315/316); a resync can be requested
/// (API, or serving a segment the table does not know, [0076]); and every
/// <see cref="AssociationSettings.AssociationResyncInterval"/> everything is asked again in the
/// background ([0078], step 401), so a lost SegmentsStored/SegmentsDeleted heals itself. A peer that
/// is down is logged and skipped; its entries stay as they were until the next try.
/// </summary>
public sealed class AssociationSynchronizer(
    AssociationTable table,
    ConfigurationSynchronizer configuration,
    PeerSegmentsClient peers,
    AssociationSettings settings,
    ILogger<AssociationSynchronizer> log) : BackgroundService
{
    // null = everything; otherwise one device id. Coalesced by the single reader.
    private readonly Channel<string?> _requests = Channel.CreateUnbounded<string?>(new() { SingleReader = true });

    public override Task StartAsync(CancellationToken ct)
    {
        // The stored copy is loaded (RecordingStartup.StartingAsync ran before any StartAsync).
        configuration.Changed += OnCopyChanged;
        table.ApplyCopy(configuration.Current);
        _requests.Writer.TryWrite(null); // the start-up exchange with the peers
        return base.StartAsync(ct);
    }

    public override Task StopAsync(CancellationToken ct)
    {
        configuration.Changed -= OnCopyChanged;
        return base.StopAsync(ct);
    }

    /// <summary>Queues a resynchronization of one device (or all when null) without waiting for it.</summary>
    public void Request(string? deviceId) => _requests.Writer.TryWrite(deviceId);

    private void OnCopyChanged(ConfigurationCopy _)
    {
        // Always the synchronizer's current copy: events may be raised out of order by different threads.
        var added = table.ApplyCopy(configuration.Current);
        foreach (var deviceId in added.Select(a => a.DeviceId).Distinct()) Request(deviceId);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _ = TickAsync(stoppingToken);
        try
        {
            while (await _requests.Reader.WaitToReadAsync(stoppingToken))
            {
                var all = false;
                var devices = new HashSet<string>();
                while (_requests.Reader.TryRead(out var id))
                {
                    if (id is null) all = true;
                    else devices.Add(id);
                }
                IEnumerable<string?> scopes = all ? [null] : devices;
                foreach (var id in scopes)
                    await BackgroundPass.RunAsync(log, $"Association resynchronization of {id ?? "all devices"}", () => ResyncAsync(id, stoppingToken), stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task TickAsync(CancellationToken ct)
    {
        try
        {
            using var timer = new PeriodicTimer(settings.AssociationResyncInterval);
            while (await timer.WaitForNextTickAsync(ct)) Request(null);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Asks every peer the copy names for <paramref name="deviceId"/> (all devices when null) for its segments, and waits.</summary>
    public async Task<ResyncReport> ResyncAsync(string? deviceId, CancellationToken ct)
    {
        int asked = 0, synchronized = 0;
        var failed = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var association in table.Devices(deviceId).ToList())
        {
            foreach (var peer in association.RemoteHolders())
            {
                asked++;
                var address = table.Server(peer)?.Address;
                if (address is null)
                {
                    log.LogWarning("Association: peer {Peer} of {Device}/{DataType} has no address in the copy; skipped", peer, association.DeviceId, association.DataType);
                    failed.Add(peer);
                    continue;
                }
                var pending = association.BeginResync(peer);
                List<(long, long)>? list = null;
                try
                {
                    list = await peers.ListLocalAsync(address, association.DeviceId, association.DataType, ct);
                    synchronized++;
                }
                catch (Exception e) when (e is HttpRequestException or System.Text.Json.JsonException or OperationCanceledException && !ct.IsCancellationRequested)
                {
                    log.LogWarning("Association: peer {Peer} at {Address} did not list {Device}/{DataType} ({Reason}); retried at the next resynchronization",
                        peer, address, association.DeviceId, association.DataType, e.Message);
                    failed.Add(peer);
                }
                finally
                {
                    association.EndResync(pending, list);
                }
            }
        }
        if (asked > 0)
            log.LogInformation("Association resynchronized {Scope}: {Synchronized}/{Asked} peer row(s){Failed}", deviceId ?? "(all devices)",
                synchronized, asked, failed.Count == 0 ? "" : $", failed: {string.Join(", ", failed)}");
        return new ResyncReport(asked, synchronized, failed.ToList());
    }
}
