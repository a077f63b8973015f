using VmsServices.Messages;

namespace VmsServices.Recording;

/// <summary>What a recording server is for (<c>Recording:Role</c>).</summary>
public enum RecordingServerRole
{
    /// <summary>Records the cameras its configuration copy makes current on it (the default).</summary>
    Recording,

    /// <summary>
    /// An archiving server: records no camera, takes segments older than
    /// <c>Recording:ArchiveServer:MoveAfter</c> from the recording servers and keeps them (ArchiveServer/).
    /// </summary>
    Archive,
}

public static class RecordingServerRoleNames
{
    /// <summary>The role as the bus carries it (<see cref="RecordingServerRoles"/>).</summary>
    public static string WireName(this RecordingServerRole role) => role == RecordingServerRole.Archive ? RecordingServerRoles.Archive : RecordingServerRoles.Recording;
}
