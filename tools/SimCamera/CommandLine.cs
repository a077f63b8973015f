using System.Globalization;
using System.Net;

namespace VmsServices.SimCamera;

/// <summary>The tool's command line: usage text and parsing into <see cref="SimulatedCameraOptions"/>.</summary>
internal static class CommandLine
{
    public const string Usage = """
        VmsServices.SimCamera - simulated RTSP/H.264 cameras (RTP over RTSP/TCP interleaved), optionally ONVIF devices

          --port N            RTSP TCP port (default 8554; 0 = any free port)
          --bind ADDRESS      listen address of RTSP and ONVIF (default 127.0.0.1)
          --cameras N         number of mounts /cam1 .. /camN (default 2)
          --file PATH         H.264 Annex B elementary stream to loop (default: embedded 720p25 2 Mbit/s loop)
          --small             use the embedded 640x360 loop instead
          --fps F             frame rate of the loop (default 25)
          --user U --password P   require credentials: RTSP Digest (RFC 2617), and on ONVIF see --onvif-auth
          --drop-after S      fault injection: close connections S seconds after PLAY
          --garbage           fault injection: random bytes between interleaved frames now and then
          --max-lag S         drop a client whose unsent media exceeds S seconds (default 2)
          --quiet             no per-connection log lines
        ONVIF (each mount camN is its own device at http://ADDRESS:PORT/onvif/camN/device_service):
          --onvif-port N      serve ONVIF device/media/PTZ services on TCP port N (0 = any free port; default: off)
          --onvif-auth MODE   UsernameToken (default; WS-Security PasswordDigest) or HttpDigest (RFC 2617 on HTTP)
          --identity-seed S   seed of the devices' UUIDs and serial numbers (default "simcamera"; same seed, same devices)
          --discovery-port N  answer WS-Discovery probes on UDP 127.0.0.1:N (ONVIF uses 3702; needs --onvif-port)
          --discovery-multicast   also join 239.255.255.250 (binds 0.0.0.0:N); only inside a private network namespace
          --announce-to HOST:PORT send Hello at start and Bye at stop for each device to this UDP endpoint
        Per-connection fault injection also via the URL: rtsp://host:port/cam1?drop-after=5&garbage=1
        """;

    /// <summary>Parses <paramref name="args"/>; throws <see cref="ArgumentException"/> (or a parse exception) with a
    /// message for the user. Null when help was asked for.</summary>
    public static (SimulatedCameraOptions Options, bool Quiet)? Parse(string[] args)
    {
        var options = new SimulatedCameraOptions();
        var quiet = false;
        int? discoveryPort = null;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Integer() => int.Parse(Next(), NumberStyles.None, CultureInfo.InvariantCulture);
            double Number() => double.Parse(Next(), NumberStyles.Float, CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--port": options.Port = Integer(); break;
                case "--bind": options.BindAddress = IPAddress.Parse(Next()); break;
                case "--cameras": options.Cameras = Integer(); break;
                case "--file": options.FilePath = Next(); break;
                case "--small": options.EmbeddedMedia = Source.H264Loop.Small360Resource; break;
                case "--fps": options.FramesPerSecond = Number(); break;
                case "--user": options.User = Next(); break;
                case "--password": options.Password = Next(); break;
                case "--drop-after": options.DropAfter = TimeSpan.FromSeconds(Number()); break;
                case "--garbage": options.Garbage = true; break;
                case "--max-lag": options.MaxClientLag = TimeSpan.FromSeconds(Number()); break;
                case "--quiet": quiet = true; break;
                case "--onvif-port": options.OnvifPort = Port(Integer(), "--onvif-port"); break;
                case "--onvif-auth": options.OnvifAuth = AuthMode(Next()); break;
                case "--identity-seed": options.IdentitySeed = Next(); break;
                case "--discovery-port": discoveryPort = Port(Integer(), "--discovery-port"); break;
                case "--discovery-multicast": options.DiscoveryMulticast = true; break;
                case "--announce-to": options.AnnounceTo = Endpoint(Next()); break;
                case "-h" or "--help": return null;
                default: throw new ArgumentException($"unknown argument '{args[i]}'");
            }
        }
        if (options.MaxClientLag <= TimeSpan.Zero) throw new ArgumentException("--max-lag must be more than 0 seconds");
        if (options.User is null != options.Password is null) throw new ArgumentException("--user and --password go together");
        if (discoveryPort is { } port) options.DiscoveryEndpoint = new IPEndPoint(IPAddress.Loopback, port);
        if (options.DiscoveryEndpoint is not null && options.OnvifPort is null) throw new ArgumentException("--discovery-port needs --onvif-port");
        if (options.DiscoveryMulticast && options.DiscoveryEndpoint is null) throw new ArgumentException("--discovery-multicast needs --discovery-port");
        if (options.AnnounceTo is not null && options.DiscoveryEndpoint is null) throw new ArgumentException("--announce-to needs --discovery-port");
        return (options, quiet);
    }

    private static int Port(int value, string name) =>
        value <= 65535 ? value : throw new ArgumentException($"{name} must be 0..65535");

    private static OnvifAuthMode AuthMode(string value) =>
        Enum.TryParse<OnvifAuthMode>(value, ignoreCase: true, out var mode) && Enum.IsDefined(mode)
            ? mode
            : throw new ArgumentException($"--onvif-auth must be UsernameToken or HttpDigest, not '{value}'");

    /// <summary><c>host:port</c> with an IP address or a host name (resolved now, IPv4 preferred).</summary>
    private static IPEndPoint Endpoint(string value)
    {
        if (IPEndPoint.TryParse(value, out var endpoint) && endpoint.Port != 0) return endpoint;
        var colon = value.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            throw new ArgumentException($"--announce-to needs host:port, not '{value}'");
        var addresses = Dns.GetHostAddresses(value[..colon]);
        var address = addresses.FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork) ?? addresses.FirstOrDefault()
            ?? throw new ArgumentException($"--announce-to: no address for '{value[..colon]}'");
        return new IPEndPoint(address, port);
    }
}
