using VmsServices.Hosting.Data;

namespace VmsServices.Management.Credentials;

public static class CredentialsRegistration
{
    /// <summary>The camera credentials store, its protector (keys in <see cref="CredentialsSettings.KeysDirectory"/>) and its bus consumer.</summary>
    public static IServiceCollection AddCameraCredentials(this IServiceCollection services, IConfiguration configuration, DatabaseSettings database)
    {
        var keysDirectory = CredentialsSettings.KeysDirectory(configuration, database);
        // Created on first use, so a node that never touches a camera account leaves no key directory behind.
        services.AddSingleton(_ => new CredentialsProtector(keysDirectory));
        services.AddSingleton<CameraCredentialsStore>();
        services.AddTransient<GetCameraCredentialsConsumer>();
        return services;
    }
}
