using VmsServices.Hosting.Security;
using VmsServices.Management.Credentials;
using VmsServices.Management.Tokens;

namespace VmsServices.Management.Users;

public static class UsersRegistration
{
    /// <summary>Users, sign-in, the token signing key (beside the credentials' keys) and the bus answers recording servers ask for.</summary>
    public static IServiceCollection AddUsersAndTokens(this IServiceCollection services, IConfiguration configuration, ManagementSettings settings)
    {
        var keysDirectory = CredentialsSettings.KeysDirectory(configuration, settings.Database);
        services.AddSingleton(settings.Auth);
        services.AddSingleton(_ => new SigningKey(keysDirectory));
        services.AddSingleton<ITokenKeys>(sp => sp.GetRequiredService<SigningKey>());
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<TokenRevoker>();
        services.AddSingleton<UserStore>();
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<BootstrapAdministrator>();
        // Its directory parameter is optional: the container passes null when no LDAP is configured.
        services.AddSingleton<SignInService>();
        services.AddTransient<GetTokenKeysConsumer>();
        services.AddTransient<IssueServiceTokenConsumer>();
        return services;
    }
}
