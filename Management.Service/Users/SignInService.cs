using VmsServices.Hosting;
using VmsServices.Management.Tokens;

namespace VmsServices.Management.Users;

/// <summary>
/// Seed 000's authentication server ([0049]): checks a user name and password against the local
/// users, then against the site's directory when one is configured (<see cref="IExternalAuthenticator"/>),
/// and issues the token the rest of the system accepts. The answer to a wrong name and to a wrong
/// password is the same, so a caller cannot learn which names exist.
/// </summary>
public sealed class SignInService(UserStore users, TokenIssuer issuer, ILogger<SignInService> log, IExternalAuthenticator? directory = null)
{
    public const int MaxNameLength = 256;
    public const int MaxPasswordLength = 256;

    public async Task<SignInResult?> SignInAsync(SignInRequest request, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(request.UserName) || request.UserName.Length > MaxNameLength || request.UserName.Any(char.IsControl)
            || string.IsNullOrEmpty(request.Password) || request.Password.Length > MaxPasswordLength)
            throw new InvalidRequestException($"userName and password are required (at most {MaxNameLength} characters each, no control characters in the name).");

        var identity = await users.VerifyAsync(request.UserName, request.Password, ct) is { } local
            ? new ExternalIdentity(local.Name, local.Role, local.Devices)
            : await AskDirectoryAsync(request, ct);
        if (identity is null)
        {
            log.LogWarning("Sign-in refused for {UserName}", request.UserName);
            return null;
        }
        var token = issuer.ForUser(identity.UserName, identity.Role, identity.Devices, out var text);
        log.LogInformation("{UserName} signed in as {Role}", identity.UserName, identity.Role);
        return new SignInResult(text, token.Expires, identity.UserName, identity.Role, identity.Devices);
    }

    private async Task<ExternalIdentity?> AskDirectoryAsync(SignInRequest request, CancellationToken ct)
    {
        if (directory is null) return null;
        try
        {
            return await directory.AuthenticateAsync(request.UserName, request.Password, ct);
        }
        catch (DirectoryUnavailableException e)
        {
            throw new UnavailableException($"The directory cannot be reached to check '{request.UserName}': {e.Message}");
        }
    }
}
