using MassTransit;
using VmsServices.Messages;

namespace VmsServices.Recording.Association;

/// <summary>
/// A recording server (re)started. If it holds segments of devices this server associates, ask it
/// for them now: a server that was down (failed over, restarted) had its rows kept but its segment
/// lists could not be fetched, so its recordings become reachable again as soon as it is back
/// (seed 001 [0056]: a re-activated server hands its history to those that took over), not at the
/// next background resynchronization.
/// </summary>
public sealed class PeerStartedConsumer(AssociationTable table, AssociationSynchronizer synchronizer, RecordingSettings settings) : IConsumer<RecorderStarted>
{
    public Task Consume(ConsumeContext<RecorderStarted> context)
    {
        var peer = context.Message.RecordingServerId;
        if (peer == settings.ServerId) return Task.CompletedTask;
        foreach (var deviceId in table.Devices(null).Where(a => a.RemoteHolders().Contains(peer)).Select(a => a.DeviceId).Distinct().ToList())
            synchronizer.Request(deviceId);
        return Task.CompletedTask;
    }
}
