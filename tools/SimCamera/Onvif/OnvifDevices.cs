using VmsServices.SimCamera.Onvif.Auth;
using VmsServices.SimCamera.Onvif.Soap;
using VmsServices.SimCamera.Rtp;

namespace VmsServices.SimCamera.Onvif;

/// <summary>The ONVIF face of a <see cref="SimulatedCameraServer"/>: one device per mount, served over HTTP.</summary>
internal sealed class OnvifDevices : IAsyncDisposable
{
    private readonly OnvifHttpServer _http;

    private OnvifDevices(OnvifHttpServer http, IReadOnlyList<OnvifCamera> cameras)
    {
        _http = http;
        Cameras = cameras;
    }

    public IReadOnlyList<OnvifCamera> Cameras { get; }
    public int Port => _http.Port;

    public static async Task<OnvifDevices> StartAsync(SimulatedCameraOptions options, PacketizedLoop loop, int rtspPort, CancellationToken cancellationToken)
    {
        IReadOnlyList<OnvifCamera> cameras = [];
        var video = VideoFormat.Of(loop);
        var host = SimulatedCameraServer.FormatHost(options.BindAddress);
        var authenticator = string.IsNullOrEmpty(options.User) || options.Password is null
            ? null
            : new OnvifAuthenticator(options.User, options.Password, options.OnvifAuth, options.TimeProvider);
        var http = await OnvifHttpServer.StartAsync(options.BindAddress, options.OnvifPort ?? 0, port =>
        {
            cameras = Enumerable.Range(1, options.Cameras)
                .Select(i => new OnvifCamera(CameraIdentity.Create(options.IdentitySeed, i), OnvifAddresses.For(host, port, rtspPort, "cam" + i), video, options.TimeProvider))
                .ToList();
            return new OnvifRequestHandler(cameras, SoapDispatcher.CreateDefault(), authenticator, options.OnvifAuth, options.TimeProvider, options.Log);
        }, cancellationToken).ConfigureAwait(false);
        options.Log?.Invoke($"ONVIF devices on {cameras[0].Addresses.DeviceService} .. cam{cameras.Count}" +
                            (authenticator is null ? " (no authentication)" : $" ({options.OnvifAuth})"));
        return new OnvifDevices(http, cameras);
    }

    public ValueTask DisposeAsync() => _http.DisposeAsync();
}
