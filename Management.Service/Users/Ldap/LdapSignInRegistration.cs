using Microsoft.Extensions.Options;

namespace VmsServices.Management.Users.Ldap;

public static class LdapSignInRegistration
{
    /// <summary>
    /// Registers <see cref="LdapAuthenticator"/> as the <see cref="IExternalAuthenticator"/> when
    /// <c>Management:Ldap:Host</c> is set, with its settings checked when the host starts; otherwise
    /// registers nothing, and sign-in knows only local users.
    /// </summary>
    public static IServiceCollection AddLdapSignIn(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(LdapSettings.Section);
        if (string.IsNullOrWhiteSpace(section[nameof(LdapSettings.Host)])) return services;
        services.AddOptions<LdapSettings>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LdapSettings>, LdapSettingsValidator>();
        services.AddSingleton<IExternalAuthenticator, LdapAuthenticator>();
        return services;
    }
}
