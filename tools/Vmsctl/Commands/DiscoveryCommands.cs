using System.CommandLine;
using VmsServices.Vmsctl.Api;
using VmsServices.Vmsctl.Cli;
using VmsServices.Vmsctl.Http;
using VmsServices.Vmsctl.Output;

namespace VmsServices.Vmsctl.Commands;

/// <summary>
/// vmsctl discover: the ONVIF cameras the management server found (GET /api/discovery), optionally
/// after directed probes (POST /api/discovery/probe); vmsctl attach: makes one a device
/// (POST /api/discovery/attach), by its endpoint reference or its device service URL.
/// </summary>
public sealed class DiscoveryCommands : ICommandGroup
{
    private const string Path = "api/discovery";

    public IEnumerable<Command> Create(GlobalOptions globals)
    {
        yield return Discover(globals);
        yield return Attach(globals);
    }

    private static Command Discover(GlobalOptions globals)
    {
        var probe = new Option<string[]>("--probe")
        {
            Description = "Send a directed (unicast) WS-Discovery probe to this address:port first, e.g. 198.51.100.20:3702; repeatable",
        };
        var command = new Command("discover", "List the ONVIF cameras found, attached or waiting to be attached") { probe };
        globals.SetAction(command, async (ctx, parse, ct) =>
        {
            foreach (var address in parse.GetValue(probe) ?? [])
            {
                var answered = (await ctx.Api.PostJsonAsync($"{Path}/probe", new { address }, ct)).Json.GetArrayLength();
                ctx.Note($"probe {address}: {answered} camera{(answered == 1 ? "" : "s")} answered");
            }
            var json = await ctx.Api.GetJsonAsync(Path, ct);
            return ctx.Print(json, () =>
            {
                var cameras = json.As<List<DiscoveredCamera>>();
                ctx.WriteTable(Table(cameras));
                if (cameras.Count == 0)
                    ctx.Note("no camera found yet: the management server probes its Management:Discovery:ProbeTargets; --probe address:port asks one address now");
                else if (cameras.Any(c => c.AttachedDeviceId is null))
                    ctx.Note("attach a waiting camera with: vmsctl attach <endpoint reference>");
            });
        });
        return command;
    }

    private static Command Attach(GlobalOptions globals)
    {
        var endpointReference = new Argument<string?>("endpointReference")
        {
            Description = "The camera's endpoint reference, as vmsctl discover lists it (urn:uuid:...)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        // Not --url: that is every command's management server URL.
        var deviceServiceUrl = new Option<string>("--device-service-url")
        {
            Description = "Attach the camera at this ONVIF device service URL instead (http://host/onvif/device_service), found or not",
        };
        var id = IdArguments.Option("--id", "Device id [default: from the camera's model and serial number]");
        var name = new Option<string>("--name") { Description = "Display name [default: the name the camera announces]" };
        var credentialsRef = new Option<string>("--credentials-ref") { Description = "Name of the camera's credentials secret on the servers (never the password)" };
        var server = IdArguments.Option("--server", "Recording server to record it [default: the online one with the most capacity left]");
        var profileToken = new Option<string>("--profile-token") { Description = "ONVIF media profile to record [default: the first H.264/H.265 one]" };
        var command = new Command("attach", "Attach a discovered ONVIF camera as a device (or find the device it already is)")
            { endpointReference, deviceServiceUrl, id, name, credentialsRef, server, profileToken };
        globals.SetAction(command, async (ctx, parse, ct) =>
        {
            var reference = parse.GetValue(endpointReference);
            var url = parse.GetValue(deviceServiceUrl);
            if (reference is null && url is null)
                throw CliException.Usage("attach needs the camera's endpoint reference (vmsctl discover lists them) or --device-service-url <url>.");
            if (reference is not null && url is not null)
                throw CliException.Usage("give the camera's endpoint reference or --device-service-url, not both.");
            var answer = await ctx.Api.PostJsonAsync($"{Path}/attach", new
            {
                endpointReference = reference,
                deviceServiceUrl = url,
                id = parse.GetValue(id),
                name = parse.GetValue(name),
                credentialsRef = parse.GetValue(credentialsRef),
                recordingServerId = parse.GetValue(server),
                profileToken = parse.GetValue(profileToken),
            }, ct);
            return ctx.Print(answer.Json, () => ctx.Out.WriteLine(Describe(answer.Json.As<AttachResult>())));
        });
        return command;
    }

    /// <summary>Which device the camera is, where it records, and whether attach created it.</summary>
    private static string Describe(AttachResult result)
    {
        var device = result.Device.Device;
        var where = DevicesCommands.Current(result.Device);
        return result.AlreadyKnown
            ? $"already known: the camera is device {device.Id} (\"{device.Name}\"), {where}; its addresses were updated, its id and history kept"
            : $"attached as new device {device.Id} (\"{device.Name}\"): {where}, stream {device.StreamUrl}";
    }

    private static TextTable Table(IEnumerable<DiscoveredCamera> cameras)
    {
        var table = new TextTable("ENDPOINT REFERENCE", "NAME", "HARDWARE", "ATTACHED AS", "LAST SEEN (UTC)", "DEVICE SERVICE URL");
        foreach (var c in cameras)
            table.Add(c.EndpointReference, c.Name, c.Hardware, c.AttachedDeviceId ?? "-", UtcTimes.FormatSeconds(c.LastSeenUtcMicros), string.Join(",", c.DeviceServiceUrls));
        return table;
    }
}
