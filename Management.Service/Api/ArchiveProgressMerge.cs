using VmsServices.Messages;

namespace VmsServices.Management.Api;

/// <summary>
/// Merges the servers' own archive reports into one per device and data type (pure: no I/O).
/// Each figure is counted once, where it is known first-hand: live and pending from the recording
/// servers themselves (an archiving server's Live and Pending are its possibly older view of the same
/// segments, kept in its per-server figures only), archived from the recording servers' archive tiers
/// and the archiving servers' holdings.
/// </summary>
public static class ArchiveProgressMerge
{
    /// <param name="includeDevice">Which devices the caller asked for and may see; the others are left out everywhere.</param>
    public static ArchiveOverview Merge(IEnumerable<ServerArchiveAnswer> answers, Func<string, bool> includeDevice)
    {
        var all = answers.OrderBy(a => a.Server.Id, StringComparer.Ordinal).ToList();
        var answered = all.Where(a => a.Report is not null).ToList();
        var devices = answered
            .SelectMany(a => a.Report!.Devices.Where(d => includeDevice(d.DeviceId)).Select(d => (d.DeviceId, d.DataType, Figures: Figures(a, d))))
            .GroupBy(x => (x.DeviceId, x.DataType))
            .OrderBy(g => g.Key.DeviceId, StringComparer.Ordinal).ThenBy(g => g.Key.DataType, StringComparer.Ordinal)
            .Select(g => Device(g.Key.DeviceId, g.Key.DataType, g.Select(x => x.Figures).ToList()))
            .ToList();
        return new ArchiveOverview(
            devices,
            answered.Select(a => new AnsweredServer(a.Server.Id, a.Server.Address, a.Report!.Role, a.Report.LastArchiveRequest, a.Report.ArchiveServer)).ToList(),
            all.Where(a => a.Report is null).Select(a => new UnreachableServer(a.Server.Id, a.Server.Address, a.Failure ?? "no answer")).ToList());
    }

    private static ServerArchiveFigures Figures(ServerArchiveAnswer answer, ServerDeviceArchive device) =>
        new(answer.Server.Id, answer.Report!.Role, device.Live, device.Archived, device.Pending, device.Sources);

    private static DeviceArchiveOverview Device(string deviceId, string dataType, IReadOnlyList<ServerArchiveFigures> servers)
    {
        var recording = servers.Where(s => !IsArchive(s)).ToList();
        return new DeviceArchiveOverview(deviceId, dataType,
            TierFigures.Sum(recording.Select(s => s.Live)),
            TierFigures.Sum(servers.Select(s => s.Archived)),
            TierFigures.Sum(recording.Select(s => s.Pending)),
            servers);
    }

    private static bool IsArchive(ServerArchiveFigures server) => string.Equals(server.Role, RecordingServerRoles.Archive, StringComparison.Ordinal);
}
