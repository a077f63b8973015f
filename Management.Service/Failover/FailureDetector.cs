using MassTransit;
using VmsServices.Hosting;
using VmsServices.Management.ConfigurationTable;
using VmsServices.Messages;

namespace VmsServices.Management.Failover;

/// <summary>
/// Decides each recording server's state from its heartbeats: an online server silent for longer
/// than <see cref="FailoverSettings.FailureTimeout"/> has failed (RecordingServerFailed); a
/// registered or failed server heard from again is online (RecordingServerReturned for a failed
/// one). A server that never sent a heartbeat stays registered and is never failed over: failure
/// means "was alive and stopped", seen while others are alive. The state is stored, so a restarted management server continues
/// from it (giving every server one timeout to be heard from).
/// </summary>
public sealed class FailureDetector(
    ConfigurationStore table,
    ServerLiveness liveness,
    FailoverSettings settings,
    IBus bus,
    TimeProvider clock,
    ILogger<FailureDetector> log)
{
    /// <summary>Applies the transitions due now; returns the servers that came online in this pass.</summary>
    public async Task<IReadOnlyList<string>> CheckAsync(IReadOnlyList<ServerState> servers, CancellationToken ct)
    {
        var now = clock.Now();
        var timeout = (long)settings.FailureTimeout.TotalMicroseconds;
        var cameOnline = new List<string>();
        // When no server at all was heard within the timeout, the silence is more likely ours (broker
        // down, this process stalled) than every server dying at once; and with no survivor there would
        // be nowhere to move devices anyway. So nothing is failed until someone is heard again.
        var anyoneHeard = servers.Any(s => liveness.Last(s.Id) is { } b && now - b.ReceivedUtcMicros <= timeout);
        foreach (var server in servers)
        {
            var lastSeen = liveness.LastSeenUtcMicros(server.Id);
            var heard = liveness.Last(server.Id) is not null && now - lastSeen <= timeout;
            if (server.State == ServerStates.Online && now - lastSeen > timeout && anyoneHeard)
                await FailAsync(server.Id, lastSeen, now, ct);
            else if (server.State != ServerStates.Online && heard && await table.SetServerStateAsync(server.Id, ServerStates.Online, ct))
            {
                cameOnline.Add(server.Id);
                log.LogInformation("Recording server {Server} is online ({Previous} before)", server.Id, server.State);
                if (server.State == ServerStates.Failed)
                    await PublishAsync(new RecordingServerReturned(server.Id, now), ct);
            }
        }
        return cameOnline;
    }

    private async Task FailAsync(string serverId, long lastSeen, long now, CancellationToken ct)
    {
        if (!await table.SetServerStateAsync(serverId, ServerStates.Failed, ct)) return;
        var devices = (await table.ListPlacementsAsync(ct)).Where(p => p.RecordingServerId == serverId).Select(p => p.DeviceId).ToList();
        log.LogWarning("Recording server {Server} failed: silent for {Silence:0.0} s; {Count} device(s) to move: {Devices}",
            serverId, TimeSpan.FromMicroseconds(now - lastSeen).TotalSeconds, devices.Count, string.Join(", ", devices));
        await PublishAsync(new RecordingServerFailed(serverId, lastSeen, now, devices), ct);
    }

    private async Task PublishAsync(object message, CancellationToken ct)
    {
        try
        {
            await bus.Publish(message, ct);
        }
        catch (Exception e) when (e is not OutOfMemoryException && !ct.IsCancellationRequested)
        {
            log.LogWarning(e, "Could not publish {Message}; the stored server state is what counts", message.GetType().Name);
        }
    }
}
