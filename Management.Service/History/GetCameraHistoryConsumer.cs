using MassTransit;
using VmsServices.Hosting;
using VmsServices.Management.ConfigurationTable;
using VmsServices.Messages;

namespace VmsServices.Management.History;

/// <summary>Answers a recording server's question about a camera from the camera history table.</summary>
public sealed class GetCameraHistoryConsumer(CameraHistoryStore history, ConfigurationStore table) : IConsumer<GetCameraHistory>
{
    public async Task Consume(ConsumeContext<GetCameraHistory> context)
    {
        var id = context.Message.DeviceId;
        CameraHistory found;
        try
        {
            if (!Ids.IsValid(id)) throw new NotFoundException("invalid id");
            found = await history.ReadAsync(id, context.CancellationToken);
        }
        catch (NotFoundException)
        {
            await context.RespondAsync(new CameraHistoryReply(id ?? "", false, CameraHistoryStore.Unknown, null, null, []));
            return;
        }
        string? address = null;
        if (found.CurrentOwner is { } owner)
        {
            try { address = (await table.GetServerAsync(owner, context.CancellationToken)).Address; }
            catch (NotFoundException) { }
        }
        await context.RespondAsync(new CameraHistoryReply(id, true, found.State, found.CurrentOwner, address,
            found.PreviousOwners.Select(o => new PreviousOwner(o.RecordingServerId, o.SinceUtcMicros, o.UntilUtcMicros ?? 0)).ToList()));
    }
}
