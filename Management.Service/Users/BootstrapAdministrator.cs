using VmsServices.Hosting.Security;

namespace VmsServices.Management.Users;

/// <summary>
/// The way into a new installation: when the user store is empty and
/// <see cref="AuthSettings.BootstrapPassword"/> is set (installer, demo, tests), creates that
/// administrator. Never touches a store that has users, so changing the setting later changes nothing.
/// </summary>
public sealed class BootstrapAdministrator(UserStore users, AuthSettings settings, ILogger<BootstrapAdministrator> log)
{
    public async Task EnsureAsync(CancellationToken ct)
    {
        if (await users.CountAsync(ct) > 0) return;
        if (string.IsNullOrEmpty(settings.BootstrapPassword))
        {
            log.LogWarning("There are no users: set Management:Auth:BootstrapPassword to create the first administrator");
            return;
        }
        var request = new PutUserRequest(VmsRole.Administrator, settings.BootstrapPassword);
        request.Validate();
        await users.PutAsync(settings.BootstrapAdministrator, request, ct);
        log.LogInformation("Created the first administrator {UserName}", settings.BootstrapAdministrator);
    }
}
