using MassTransit;
using VmsServices.Hosting;
using VmsServices.Hosting.Security;
using VmsServices.Management.ConfigurationTable;
using VmsServices.Messages;

namespace VmsServices.Management.Tokens;

/// <summary>Gives recording servers the public key that verifies tokens, and the revocations in force.</summary>
public sealed class GetTokenKeysConsumer(SigningKey key, TokenRevocations revocations) : IConsumer<GetTokenKeys>
{
    public Task Consume(ConsumeContext<GetTokenKeys> context) =>
        context.RespondAsync(new TokenKeysReply([new TokenKey(key.KeyId, key.PublicKey)], revocations.Current()));
}

/// <summary>Issues a registered recording server its token for peer fetches; an unknown id gets none.</summary>
public sealed class IssueServiceTokenConsumer(TokenIssuer issuer, ConfigurationStore store, ILogger<IssueServiceTokenConsumer> log) : IConsumer<IssueServiceToken>
{
    public async Task Consume(ConsumeContext<IssueServiceToken> context)
    {
        var id = context.Message.RecordingServerId;
        if (!Ids.IsValid(id) || !(await store.ListServersAsync(context.CancellationToken)).Any(s => s.Id == id))
        {
            log.LogWarning("Refused a service token to {Server}: not a registered recording server", Ids.IsValid(id) ? id : "(malformed id)");
            await context.RespondAsync(new ServiceTokenReply(null, 0));
            return;
        }
        var token = issuer.ForRecordingServer(id, out var text);
        await context.RespondAsync(new ServiceTokenReply(text, UtcMicros.FromDateTimeOffset(token.Expires)));
    }
}
