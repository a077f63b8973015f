using System.Runtime.InteropServices;
using VmsServices.SimCamera;
using VmsServices.Demo;

// The embedded default: management + recording servers in one process, nothing to install.
var config = new ConfigurationBuilder().AddEnvironmentVariables("VMS_").AddCommandLine(args).Build();
var demo = config.GetSection(DemoSettings.Section).Get<DemoSettings>() ?? new DemoSettings();
if (demo.Problems().ToList() is { Count: > 0 } problems)
{
    foreach (var problem in problems) Console.Error.WriteLine($"demo: {problem}");
    return 2;
}

using var stop = new CancellationTokenSource();
// Ctrl+C and SIGTERM (systemd, kill <pid>) both stop every node in order, then the bus.
using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

// The cameras first: the management server is told where their discovery responder listens. Disposed
// last, so that the recorders stop before their cameras go away.
SimulatedCameraServer? started;
try
{
    started = await DemoCameras.StartAsync(demo, stop.Token);
}
catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException)
{
    Console.Error.WriteLine($"demo: the simulated cameras cannot listen on port {demo.CameraPort} or {demo.CameraPort + 1} ({e.Message}); choose others with Demo:CameraPort (0: any free ports).");
    return 1;
}
await using var cameras = started;
var administratorPassword = DemoAdministrator.Password(demo);
await using var system = EmbeddedSystem.Build(demo, args, cameras?.DiscoveryEndpoint, administratorPassword);
try
{
    try
    {
        await system.StartAsync(stop.Token);
    }
    catch (IOException e)
    {
        Console.Error.WriteLine($"demo: {e.Message} Choose other ports with Demo:BasePort.");
        return 1;
    }
    if (cameras is not null) await DemoCameraAttachment.AttachAsync(cameras, demo, system.Urls[0], administratorPassword, stop.Token);

    Console.WriteLine($"VmsServices demo running (data in {Path.GetFullPath(demo.DataDirectory)}). Ctrl+C stops it.");
    Console.WriteLine($"  management server: {system.Urls[0]}  (API: {system.Urls[0]}/openapi/v1.json)");
    Console.WriteLine($"  console: {system.Urls[0]}/console/  sign in as {DemoAdministrator.UserName} / {administratorPassword}");
    for (var i = 0; i < demo.RecordingServers.Length; i++)
        Console.WriteLine($"  recording server {demo.RecordingServers[i]}: {system.Urls[i + 1]}");
    foreach (var line in DemoCameras.Describe(cameras, demo)) Console.WriteLine($"  {line}");
    Console.Out.Flush();

    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    // Ctrl+C, also while still starting.
}
Console.WriteLine("Stopping...");
return 0;

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}
