using System.DirectoryServices.Protocols;
using System.Runtime.InteropServices;

namespace VmsServices.Management.Users.Ldap;

/// <summary>
/// On Linux, System.DirectoryServices.Protocols runs on OpenLDAP's libldap and sets neither
/// LDAP_OPT_NETWORK_TIMEOUT (connect) nor LDAP_OPT_TIMEOUT (synchronous calls: the bind, StartTLS);
/// its <see cref="LdapConnection.Timeout"/> covers only requests such as searches. A server that
/// accepts the connection and never answers would hold a sign-in forever. Both options are set
/// here as libldap's global defaults, which ldap_initialize copies into each new handle (and
/// <see cref="LdapConnection"/>'s constructor creates its handle), under a lock so that each
/// connection gets the timeout of the settings it was made for. On Windows, wldap32 takes the
/// connect timeout from <see cref="LdapConnection.Timeout"/> itself.
/// </summary>
internal static class LibLdapTimeouts
{
    // ldap.h
    private const int LdapOptTimeout = 0x5002;
    private const int LdapOptNetworkTimeout = 0x5005;

    // The names System.DirectoryServices.Protocols itself loads, in its order, so this is the same library.
    private static readonly string[] LibraryNames = ["libldap.so.2", "libldap-2.6.so.0", "libldap-2.5.so.0", "libldap-2.4.so.2"];

    private static readonly Lock Gate = new();
    private static readonly SetTimeValOption? SetOption = Load();

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int SetTimeValOption(IntPtr ld, int option, ref TimeVal value);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeVal
    {
        public nint Seconds;
        public nint Microseconds;
    }

    public static LdapConnection Create(TimeSpan timeout, Func<LdapConnection> create)
    {
        if (SetOption is null) return create();
        var value = new TimeVal
        {
            Seconds = (nint)Math.Floor(timeout.TotalSeconds),
            Microseconds = (nint)(timeout.Ticks % TimeSpan.TicksPerSecond / TimeSpan.TicksPerMicrosecond),
        };
        lock (Gate)
        {
            if (SetOption(IntPtr.Zero, LdapOptNetworkTimeout, ref value) != 0 || SetOption(IntPtr.Zero, LdapOptTimeout, ref value) != 0)
                throw new InvalidOperationException("libldap refused the LDAP timeout options.");
            return create();
        }
    }

    private static SetTimeValOption? Load()
    {
        if (OperatingSystem.IsWindows()) return null;
        foreach (var name in LibraryNames)
        {
            if (NativeLibrary.TryLoad(name, out var library) && NativeLibrary.TryGetExport(library, "ldap_set_option", out var function))
                return Marshal.GetDelegateForFunctionPointer<SetTimeValOption>(function);
        }
        return null;
    }
}
