namespace VmsServices.Recording.Recorder;

/// <summary>A camera's user name and password. ToString never shows the password.</summary>
public sealed class DeviceCredentials(string userName, string password)
{
    public string UserName { get; } = userName;
    public string Password { get; } = password;

    public override string ToString() => $"{UserName}:***";
}

/// <summary>The credentials reference of a device (DeviceRecord.CredentialsRef) names no configured credentials.</summary>
public sealed class CredentialsNotFoundException(string credentialsRef)
    : Exception($"Credentials '{credentialsRef}' are neither stored on the management server (PUT /api/credentials/{credentialsRef}) nor configured (Recording:Credentials:{credentialsRef}:UserName / :Password)")
{
    public string CredentialsRef { get; } = credentialsRef;
}

/// <summary>
/// Resolves a device's credentials reference (never the secret itself: the configuration table only holds
/// the reference). Asked at every connect, so rotated passwords apply at the next reconnect.
/// </summary>
public interface ICredentialsProvider
{
    /// <summary>
    /// Null for a null/empty reference (the stream URL's userinfo, if any, is used). Throws
    /// <see cref="CredentialsNotFoundException"/> for a reference that is not configured.
    /// </summary>
    ValueTask<DeviceCredentials?> GetAsync(string? credentialsRef, CancellationToken ct);
}

/// <summary>
/// Reads <c>Recording:Credentials:&lt;credentialsRef&gt;:UserName</c> and <c>:Password</c> from the
/// .NET configuration (appsettings, environment <c>Recording__Credentials__cam1__Password</c>, a secret
/// store provider...). Values are never logged.
/// </summary>
public sealed class ConfigurationCredentialsProvider(IConfiguration configuration) : ICredentialsProvider
{
    public const string Section = "Recording:Credentials";

    public ValueTask<DeviceCredentials?> GetAsync(string? credentialsRef, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(credentialsRef)) return ValueTask.FromResult<DeviceCredentials?>(null);
        IConfigurationSection section = configuration.GetSection(Section).GetSection(credentialsRef);
        string? user = section["UserName"];
        if (user is null) throw new CredentialsNotFoundException(credentialsRef);
        return ValueTask.FromResult<DeviceCredentials?>(new DeviceCredentials(user, section["Password"] ?? ""));
    }
}
