using System.Runtime.Versioning;
using System.Security.AccessControl;
using System.Security.Principal;

namespace VmsServices.Hosting.Lifetime.Windows;

/// <summary>
/// ProgramData lets every user create files in new subfolders. The services run as LocalSystem and
/// read their settings file from there, so a user who could plant VmsManagement.json could
/// reconfigure them: the folder is limited to SYSTEM and Administrators (wixl cannot set ACLs).
/// </summary>
[SupportedOSPlatform("windows")]
internal static class WindowsDataDirectory
{
    public static void RestrictToAdministrators(string path)
    {
        var security = new DirectorySecurity();
        security.SetAccessRuleProtection(isProtected: true, preserveInheritance: false);
        foreach (var sid in new[] { WellKnownSidType.LocalSystemSid, WellKnownSidType.BuiltinAdministratorsSid })
        {
            security.AddAccessRule(new FileSystemAccessRule(new SecurityIdentifier(sid, null), FileSystemRights.FullControl,
                InheritanceFlags.ContainerInherit | InheritanceFlags.ObjectInherit, PropagationFlags.None, AccessControlType.Allow));
        }
        new DirectoryInfo(path).SetAccessControl(security);
    }
}
