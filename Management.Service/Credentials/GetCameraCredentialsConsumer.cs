using MassTransit;
using VmsServices.Hosting;
using VmsServices.Messages;

namespace VmsServices.Management.Credentials;

/// <summary>
/// Answers a recording server's request for a camera account: found only when one of the devices it
/// has rows for names the reference. A malformed id or an unreadable password is answered "not
/// found" (the recorder then tries its own configuration), never with a fault that would carry a
/// message into an error queue.
/// </summary>
public sealed class GetCameraCredentialsConsumer(CameraCredentialsStore store, ILogger<GetCameraCredentialsConsumer> log) : IConsumer<GetCameraCredentials>
{
    public async Task Consume(ConsumeContext<GetCameraCredentials> context)
    {
        var request = context.Message;
        CameraAccount? account = null;
        if (Ids.IsValid(request.RecordingServerId) && Ids.IsValid(request.CredentialsRef))
        {
            try
            {
                account = await store.FindAccountForServerAsync(request.RecordingServerId, request.CredentialsRef, context.CancellationToken);
            }
            catch (UnavailableException e)
            {
                log.LogWarning("Credentials asked by {Server} not given: {Reason}", request.RecordingServerId, e.Message);
            }
        }
        await context.RespondAsync(new CameraCredentialsReply(request.CredentialsRef, account is not null, account?.UserName, account?.Password));
    }
}
