using System.CommandLine;
using VmsServices.Vmsctl.Api;
using VmsServices.Vmsctl.Cli;
using VmsServices.Vmsctl.Http;
using VmsServices.Vmsctl.Output;

namespace VmsServices.Vmsctl.Commands;

/// <summary>vmsctl devices list|show|add|remove: cameras and microphones with their configuration table rows (/api/devices).</summary>
public sealed class DevicesCommands : ICommandGroup
{
    private const string Path = "api/devices";

    public IEnumerable<Command> Create(GlobalOptions globals)
    {
        var devices = new Command("devices", "Devices (cameras, microphones) and the recording servers that record them");
        devices.Subcommands.Add(ResourceCommands.List<DeviceConfiguration>(globals, "List the devices with their current recording server", Path, Table));
        devices.Subcommands.Add(Show(globals));
        devices.Subcommands.Add(Add(globals));
        devices.Subcommands.Add(ResourceCommands.Remove(globals, "device", "Unregister a device (its recordings stay until retention removes them)", Path));
        yield return devices;
    }

    private static Command Show(GlobalOptions globals)
    {
        var id = IdArguments.Argument("id", "Device id");
        var command = new Command("show", "One device and all of its configuration table rows") { id };
        globals.SetAction(command, async (ctx, parse, ct) =>
        {
            var json = await ctx.Api.GetJsonAsync($"{Path}/{IdArguments.Path(parse.GetValue(id)!)}", ct);
            return ctx.Print(json, () =>
            {
                var device = json.As<DeviceConfiguration>();
                ctx.WriteTable(Table([device]));
                ctx.Out.WriteLine();
                ctx.WriteTable(TableCommand.Rows(device.Entries));
            });
        });
        return command;
    }

    private static Command Add(GlobalOptions globals)
    {
        var id = IdArguments.Argument("id", "Device id");
        var name = new Option<string>("--name") { Description = "Display name [default: the id]" };
        var streamUrl = new Option<string>("--stream-url") { Description = "rtsp:// or rtsps:// URL of its stream, without credentials", Required = true };
        var server = IdArguments.Option("--server", "Id of the recording server that records it", required: true);
        var address = new Option<string>("--address") { Description = "The device's own address (e.g. its ONVIF host)" };
        var credentialsRef = new Option<string>("--credentials-ref") { Description = "Name of the credentials secret on the recording servers (never the password)" };
        var dataTypes = CommaList.Option("--data-types", "Data types to record, comma-separated: video, audio [default: video]");
        var command = new Command("add", "Register a device and assign it to a recording server")
            { id, name, streamUrl, server, address, credentialsRef, dataTypes };
        globals.SetAction(command, async (ctx, parse, ct) =>
        {
            var deviceId = parse.GetValue(id)!;
            var types = CommaList.Values(parse, dataTypes);
            var created = await ctx.Api.PostJsonAsync(Path, new
            {
                id = deviceId,
                name = parse.GetValue(name) ?? deviceId,
                streamUrl = parse.GetValue(streamUrl),
                recordingServerId = parse.GetValue(server),
                address = parse.GetValue(address),
                credentialsRef = parse.GetValue(credentialsRef),
                dataTypes = types.Count == 0 ? null : types,
            }, ct);
            return ctx.Print(created.Json, () => ctx.Out.WriteLine($"registered device {deviceId}: {Current(created.Json.As<DeviceConfiguration>())}"));
        });
        return command;
    }

    private static TextTable Table(IEnumerable<DeviceConfiguration> devices)
    {
        var table = new TextTable("ID", "NAME", "CURRENT", "ALSO HELD BY", "STREAM URL");
        foreach (var d in devices)
        {
            var others = d.Entries.Where(e => !e.IsCurrent).Select(e => e.RecordingServerId).Distinct();
            table.Add(d.Device.Id, d.Device.Name, Current(d), string.Join(",", others), d.Device.StreamUrl);
        }
        return table;
    }

    /// <summary>"video on rec-a, audio on rec-a": where each data type records now.</summary>
    internal static string Current(DeviceConfiguration device) =>
        string.Join(", ", device.Entries.Where(e => e.IsCurrent).Select(e => $"{e.DataType} on {e.RecordingServerId}"));
}
