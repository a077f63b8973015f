using System.Runtime.InteropServices;
using VmsServices.Demo;

// The embedded default: management + recording servers in one process, nothing to install.
var config = new ConfigurationBuilder().AddEnvironmentVariables("VMS_").AddCommandLine(args).Build();
var demo = config.GetSection(DemoSettings.Section).Get<DemoSettings>() ?? new DemoSettings();

await using var system = EmbeddedSystem.Build(demo, args);
using var stop = new CancellationTokenSource();
// Ctrl+C and SIGTERM (systemd, kill <pid>) both stop every node in order, then the bus.
using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

await system.StartAsync(stop.Token);
await using var cameras = await DemoCameras.StartAsync(demo, system.Urls[0], stop.Token);
Console.WriteLine($"VmsServices demo running (data in {Path.GetFullPath(demo.DataDirectory)}). Ctrl+C stops it.");
Console.WriteLine($"  management server: {system.Urls[0]}  (API: {system.Urls[0]}/openapi/v1.json)");
for (var i = 0; i < demo.RecordingServers.Length; i++)
    Console.WriteLine($"  recording server {demo.RecordingServers[i]}: {system.Urls[i + 1]}");
for (var i = 1; i <= demo.SimulatedCameras; i++)
    Console.WriteLine($"  simulated camera cam-{i}: {cameras!.GetUrl(i)}");
Console.Out.Flush();

try { await Task.Delay(Timeout.Infinite, stop.Token); }
catch (OperationCanceledException) { }
Console.WriteLine("Stopping...");

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}
