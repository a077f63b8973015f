using VmsServices.SimCamera.Source;

namespace VmsServices.SimCamera.Tests.Onvif;

/// <summary>Starts a simulated camera server with ONVIF on a free port: two small mounts unless told otherwise.</summary>
internal static class OnvifServer
{
    public const string User = "admin";
    public const string Password = "s3cret";

    public static Task<SimulatedCameraServer> StartAsync(Action<SimulatedCameraOptions>? configure = null)
    {
        var options = new SimulatedCameraOptions
        {
            Port = 0,
            Cameras = 2,
            EmbeddedMedia = H264Loop.Small360Resource,
            OnvifPort = 0,
            IdentitySeed = "tests",
        };
        configure?.Invoke(options);
        return SimulatedCameraServer.StartAsync(options);
    }

    public static void WithCredentials(SimulatedCameraOptions options)
    {
        options.User = User;
        options.Password = Password;
    }

    public static string ServiceUrl(this SimulatedCameraServer server, int camera, string service) =>
        $"http://127.0.0.1:{server.OnvifPort}/onvif/cam{camera}/{service}";
}
