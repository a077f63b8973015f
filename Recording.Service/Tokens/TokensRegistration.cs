using VmsServices.Hosting.Security;

namespace VmsServices.Recording.Tokens;

public static class TokensRegistration
{
    /// <summary>Accepts the management server's tokens (its public keys over the bus) and sends this server's own on peer fetches.</summary>
    public static IServiceCollection AddRecordingServerTokens(this IServiceCollection services)
    {
        services.AddSingleton<ManagementTokenKeys>();
        services.AddSingleton<ITokenKeys>(sp => sp.GetRequiredService<ManagementTokenKeys>());
        services.AddSingleton<ServiceToken>();
        services.AddTransient<ServiceTokenHandler>();
        services.AddTransient<TokensRevokedConsumer>();
        services.AddHostedService<TokenKeysRefresher>();
        return services;
    }
}
