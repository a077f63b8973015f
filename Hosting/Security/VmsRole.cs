namespace VmsServices.Hosting.Security;

/// <summary>
/// What a user may do (issue #8): a viewer watches live and recorded video; an operator also moves
/// PTZ cameras and exports; an administrator also configures servers, devices and users and moves
/// devices (seed 000 [0103]). Ordered, so that "at least operator" is a comparison.
/// </summary>
public enum VmsRole
{
    Viewer = 1,
    Operator = 2,
    Administrator = 3,
}

/// <summary>The role claim values tokens carry: the three user roles and the one of recording servers.</summary>
public static class VmsRoles
{
    /// <summary>A recording server fetching from a peer (seed 000 [0090]): reads video, changes nothing.</summary>
    public const string RecordingServer = "RecordingServer";

    public static string Name(VmsRole role) => role.ToString();

    public static bool TryParse(string? value, out VmsRole role) =>
        Enum.TryParse(value, ignoreCase: true, out role) && Enum.IsDefined(role);
}
