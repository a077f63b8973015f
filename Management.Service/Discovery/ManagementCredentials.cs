using VmsServices.Onvif;

namespace VmsServices.Management.Discovery;

/// <summary>
/// The camera accounts the management server uses to talk ONVIF to a camera when attaching it:
/// <c>Management:Credentials:&lt;credentialsRef&gt;:UserName</c> / <c>:Password</c>, the same reference a
/// device carries to its recording servers (which read their own <c>Recording:Credentials</c>).
/// Values are never logged or returned.
/// </summary>
public sealed class ManagementCredentials(IConfiguration configuration)
{
    public const string Section = "Management:Credentials";

    /// <summary>Null for no reference; NotFound (a clear 404 for the API) for a reference not configured.</summary>
    public OnvifCredentials? Get(string? credentialsRef)
    {
        if (string.IsNullOrWhiteSpace(credentialsRef)) return null;
        var section = configuration.GetSection(Section).GetSection(credentialsRef);
        return section["UserName"] is { } user
            ? new OnvifCredentials(user, section["Password"] ?? "")
            : throw new Hosting.NotFoundException($"Credentials '{credentialsRef}' are not configured on the management server ({Section}:{credentialsRef}:UserName / :Password).");
    }
}
