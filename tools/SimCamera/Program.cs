using System.Net.Sockets;
using System.Runtime.InteropServices;
using VmsServices.SimCamera;

(SimulatedCameraOptions Options, bool Quiet)? parsed;
try
{
    parsed = CommandLine.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException or SocketException)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(CommandLine.Usage);
    return 2;
}
if (parsed is not { } run)
{
    Console.WriteLine(CommandLine.Usage);
    return 0;
}

var (options, quiet) = run;
options.Log = quiet ? null : line => Console.WriteLine($"{DateTime.Now:HH:mm:ss.fff} {line}");
SimulatedCameraServer server;
try
{
    server = await SimulatedCameraServer.StartAsync(options);
}
catch (Exception ex) when (ex is SocketException or IOException)
{
    Console.Error.WriteLine($"SimCamera could not start: {ex.Message}");
    return 1;
}
await using var running = server;
if (quiet)
{
    Console.WriteLine($"SimCamera listening on {server.GetUrl(1)} .. /cam{server.Cameras}");
    if (server.OnvifPort is not null) Console.WriteLine($"ONVIF devices on {server.GetDeviceServiceUrl(1)} .. cam{server.Cameras}");
}

// Ctrl+C and SIGTERM both end in an orderly stop, so the discovery responder gets to say Bye.
var stop = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.TrySetResult(); };
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.TrySetResult(); });
await stop.Task;
await server.StopAsync();
return 0;
