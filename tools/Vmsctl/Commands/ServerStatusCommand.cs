using System.CommandLine;
using System.Globalization;
using VmsServices.Vmsctl.Api;
using VmsServices.Vmsctl.Cli;
using VmsServices.Vmsctl.Output;

namespace VmsServices.Vmsctl.Commands;

/// <summary>
/// vmsctl servers status: every recording server's state, last heartbeat, devices and reported load
/// (GET /api/recording-servers/status). A listing, so it exits 0 whatever the states; health --all
/// is the check that fails.
/// </summary>
public static class ServerStatusCommand
{
    public static Command Create(GlobalOptions globals) =>
        ResourceCommands.List<RecordingServerStatus>(globals,
            "State (registered, online, failed), last heartbeat, devices and load of every recording server",
            "api/recording-servers/status", Table, name: "status");

    private static TextTable Table(IEnumerable<RecordingServerStatus> servers)
    {
        var table = new TextTable("ID", "STATE", "LAST SEEN (UTC)", "DEVICES", "STREAMS", "MBIT/S", "DISK FREE");
        foreach (var s in servers)
        {
            var seen = s.LastSeenUtcMicros is { } micros ? UtcTimes.FormatSeconds(micros) : "never";
            var devices = s.Devices.ToString(CultureInfo.InvariantCulture);
            if (s.Load is not { } load)
            {
                table.Add(s.Id, s.State, seen, devices, "-", "-", "-");
                continue;
            }
            table.Add(s.Id, s.State, seen, devices,
                OfLimit(load.Streams.ToString(CultureInfo.InvariantCulture), load.MaxStreams, load.MaxStreams.ToString(CultureInfo.InvariantCulture)),
                OfLimit(Megabits(load.BitsPerSecond), load.MaxBitsPerSecond, Megabits(load.MaxBitsPerSecond)),
                load.DiskTotalBytes > 0 ? $"{Formats.Bytes(load.DiskFreeBytes)} of {Formats.Bytes(load.DiskTotalBytes)}" : Formats.Bytes(load.DiskFreeBytes));
        }
        return table;
    }

    /// <summary>"3/8" when the server has a limit (Recording:Capacity), "3" when it has none (0).</summary>
    private static string OfLimit(string value, long limit, string limitText) => limit > 0 ? $"{value}/{limitText}" : value;

    private static string Megabits(long bitsPerSecond) => string.Create(CultureInfo.InvariantCulture, $"{bitsPerSecond / 1e6:0.0}");
}
