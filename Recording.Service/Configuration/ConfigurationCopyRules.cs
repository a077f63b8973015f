using VmsServices.Messages;

namespace VmsServices.Recording.Configuration;

public enum ApplyOutcome
{
    /// <summary>The event was the next version and is now part of the copy.</summary>
    Applied,
    /// <summary>The copy already reflects this version (a duplicate or late event).</summary>
    Stale,
    /// <summary>A version in between is missing: the copy must be fetched again.</summary>
    Gap,
}

/// <summary>
/// How a recording server keeps its partial copy of the configuration table (seed 000 [0066],
/// [0073]): the devices that have a row naming it, all rows of those devices, and the peers those
/// rows name; an archiving server keeps every server it is told of, since it takes segments from
/// all of them. Pure functions, so the rules are tested without a bus.
/// </summary>
public static class ConfigurationCopyRules
{
    public static ConfigurationCopy Empty(string serverId) => new(serverId, 0, [], []);

    public static ApplyOutcome TryApply(ConfigurationCopy copy, ConfigurationChanged change, out ConfigurationCopy next, bool allServers = false)
    {
        next = copy;
        if (change.Version <= copy.Version) return ApplyOutcome.Stale;
        if (change.Version > copy.Version + 1) return ApplyOutcome.Gap;

        var me = copy.RecordingServerId;
        var devices = copy.Devices.ToDictionary(d => d.Device.Id);
        foreach (var id in change.RemovedDeviceIds) devices.Remove(id);
        foreach (var device in change.Devices)
        {
            if (device.Entries.Any(e => e.RecordingServerId == me)) devices[device.Device.Id] = device;
            else devices.Remove(device.Device.Id);
        }

        var servers = copy.Servers.ToDictionary(s => s.Id);
        foreach (var id in change.RemovedServerIds) servers.Remove(id);
        foreach (var server in change.Servers) servers[server.Id] = server;

        var named = devices.Values.SelectMany(d => d.Entries).Select(e => e.RecordingServerId).Append(me).ToHashSet();
        next = new ConfigurationCopy(
            me,
            change.Version,
            devices.Values.OrderBy(d => d.Device.Id, StringComparer.Ordinal).ToList(),
            servers.Values.Where(s => allServers || named.Contains(s.Id)).OrderBy(s => s.Id, StringComparer.Ordinal).ToList());
        return ApplyOutcome.Applied;
    }

    /// <summary>Devices this server must record now: those whose current flag names it.</summary>
    public static IEnumerable<DeviceConfiguration> CurrentDevices(this ConfigurationCopy copy) =>
        copy.Devices.Where(d => d.Entries.Any(e => e.IsCurrent && e.RecordingServerId == copy.RecordingServerId));
}
