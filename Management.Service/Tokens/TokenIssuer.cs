using VmsServices.Hosting.Security;
using VmsServices.Management.Users;

namespace VmsServices.Management.Tokens;

/// <summary>Issues the tokens every endpoint of both services accepts: users' after a sign-in, recording servers' for peer fetches.</summary>
public sealed class TokenIssuer(SigningKey key, AuthSettings settings, TimeProvider clock)
{
    public AccessToken ForUser(string userName, VmsRole role, IReadOnlyList<string>? devices, out string token) =>
        Issue(userName, VmsRoles.Name(role), devices, settings.TokenLifetime, out token);

    public AccessToken ForRecordingServer(string serverId, out string token) =>
        Issue(serverId, VmsRoles.RecordingServer, null, settings.ServiceTokenLifetime, out token);

    private AccessToken Issue(string subject, string role, IReadOnlyList<string>? devices, TimeSpan lifetime, out string token)
    {
        var now = clock.GetUtcNow();
        var claims = new AccessToken(subject, role, devices, now, now + lifetime, Guid.NewGuid().ToString("N"));
        token = TokenCodec.Sign(claims, key.Key, key.KeyId);
        return claims;
    }
}
