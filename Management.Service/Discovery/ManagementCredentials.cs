using VmsServices.Management.Credentials;
using VmsServices.Onvif;

namespace VmsServices.Management.Discovery;

/// <summary>
/// The camera accounts the management server uses to talk ONVIF to a camera when attaching it: the
/// credentials store (<c>PUT /api/credentials/{ref}</c>) first, then the configuration
/// <c>Management:Credentials:&lt;credentialsRef&gt;:UserName</c> / <c>:Password</c>. The same reference a
/// device carries to its recording servers. Values are never logged or returned.
/// </summary>
public sealed class ManagementCredentials(CameraCredentialsStore store, IConfiguration configuration)
{
    public const string Section = "Management:Credentials";

    /// <summary>Null for no reference; NotFound (a clear 404 for the API) for a reference neither stored nor configured.</summary>
    public async Task<OnvifCredentials?> GetAsync(string? credentialsRef, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(credentialsRef)) return null;
        if (Hosting.Ids.IsValid(credentialsRef) && await store.FindAccountAsync(credentialsRef, ct) is { } stored)
            return new OnvifCredentials(stored.UserName, stored.Password);
        var section = configuration.GetSection(Section).GetSection(credentialsRef);
        return section["UserName"] is { } user
            ? new OnvifCredentials(user, section["Password"] ?? "")
            : throw new Hosting.NotFoundException($"Credentials '{credentialsRef}' are neither stored (PUT /api/credentials/{credentialsRef}) nor configured on the management server ({Section}:{credentialsRef}:UserName / :Password).");
    }
}
