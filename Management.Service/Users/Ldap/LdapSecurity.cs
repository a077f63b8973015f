namespace VmsServices.Management.Users.Ldap;

/// <summary>How the connection to the directory is protected.</summary>
public enum LdapSecurity
{
    /// <summary>Plain LDAP: passwords cross the network in clear. Only for a directory on the same host or a trusted link.</summary>
    None,

    /// <summary>LDAP on the usual port, upgraded to TLS (RFC 4511 section 4.14) before any bind.</summary>
    StartTls,

    /// <summary>TLS from the first byte (ldaps://, port 636 by default).</summary>
    Ldaps,
}
