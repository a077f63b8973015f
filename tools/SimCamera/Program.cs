using System.Globalization;
using System.Net;
using VmsServices.SimCamera;

const string usage = """
    VmsServices.SimCamera - simulated RTSP/H.264 cameras (RTP over RTSP/TCP interleaved)

      --port N            TCP port (default 8554; 0 = any free port)
      --bind ADDRESS      listen address (default 127.0.0.1)
      --cameras N         number of mounts /cam1 .. /camN (default 2)
      --file PATH         H.264 Annex B elementary stream to loop (default: embedded 720p25 2 Mbit/s loop)
      --small             use the embedded 640x360 loop instead
      --fps F             frame rate of the loop (default 25)
      --user U --password P   require RFC 2617 Digest authentication
      --drop-after S      fault injection: close connections S seconds after PLAY
      --garbage           fault injection: random bytes between interleaved frames now and then
      --quiet             no per-connection log lines
    Per-connection fault injection also via the URL: rtsp://host:port/cam1?drop-after=5&garbage=1
    """;

var options = new SimulatedCameraOptions();
var quiet = false;
try
{
    for (var i = 0; i < args.Length; i++)
    {
        string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
        double Number() => double.Parse(Next(), NumberStyles.Float, CultureInfo.InvariantCulture);
        switch (args[i])
        {
            case "--port": options.Port = int.Parse(Next(), CultureInfo.InvariantCulture); break;
            case "--bind": options.BindAddress = IPAddress.Parse(Next()); break;
            case "--cameras": options.Cameras = int.Parse(Next(), CultureInfo.InvariantCulture); break;
            case "--file": options.FilePath = Next(); break;
            case "--small": options.EmbeddedMedia = VmsServices.SimCamera.Source.H264Loop.Small360Resource; break;
            case "--fps": options.FramesPerSecond = Number(); break;
            case "--user": options.User = Next(); break;
            case "--password": options.Password = Next(); break;
            case "--drop-after": options.DropAfter = TimeSpan.FromSeconds(Number()); break;
            case "--garbage": options.Garbage = true; break;
            case "--quiet": quiet = true; break;
            case "-h" or "--help": Console.WriteLine(usage); return 0;
            default: throw new ArgumentException($"unknown argument '{args[i]}'");
        }
    }
    if (options.User is null != options.Password is null) throw new ArgumentException("--user and --password go together");
}
catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(usage);
    return 2;
}

options.Log = quiet ? null : line => Console.WriteLine($"{DateTime.Now:HH:mm:ss.fff} {line}");
await using var server = await SimulatedCameraServer.StartAsync(options);
if (quiet) Console.WriteLine($"SimCamera listening on {server.GetUrl(1)} .. /cam{server.Cameras}");

var stop = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.TrySetResult(); };
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.TrySetResult();
await stop.Task;
await server.StopAsync();
return 0;
