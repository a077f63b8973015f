using VmsServices.Hosting.Security;

namespace VmsServices.Management.Users;

/// <summary>A user a directory (LDAP / Active Directory) vouched for, with the role its groups give.</summary>
/// <param name="Devices">The devices the user is limited to; null for all.</param>
public sealed record ExternalIdentity(string UserName, VmsRole Role, IReadOnlyList<string>? Devices);

/// <summary>
/// Sign-in against a site's directory, asked when the local user store does not know the user.
/// Null means "not this user or not this password"; an unreachable directory throws
/// <see cref="DirectoryUnavailableException"/> so the caller can tell the two apart.
/// </summary>
public interface IExternalAuthenticator
{
    Task<ExternalIdentity?> AuthenticateAsync(string userName, string password, CancellationToken ct);
}

public sealed class DirectoryUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
