namespace VmsServices.Onvif.Tests.Support;

/// <summary>A started fake camera and a client connected to it, disposed together.</summary>
internal sealed class CameraSession : IAsyncDisposable
{
    private CameraSession(FakeCamera camera, OnvifDevice device, CameraBehaviour behaviour)
    {
        Camera = camera;
        Device = device;
        Behaviour = behaviour;
    }

    public FakeCamera Camera { get; }
    public OnvifDevice Device { get; }
    public CameraBehaviour Behaviour { get; }

    public static Task<CameraSession> StartAsync(string vendor) => StartAsync(CameraBehaviour.For(vendor));

    /// <summary>
    /// Starts the camera and connects with its own credentials (or <paramref name="credentials"/>)
    /// and a timeout generous enough for a loaded machine.
    /// </summary>
    public static async Task<CameraSession> StartAsync(CameraBehaviour behaviour, OnvifCredentials? credentials = null,
        OnvifClientOptions? options = null)
    {
        FakeCamera camera = await FakeCamera.StartAsync(behaviour);
        var device = new OnvifDevice(camera.DeviceServiceUrl, credentials ?? behaviour.Credentials, options ?? new OnvifClientOptions { Timeout = TimeSpan.FromSeconds(30) });
        return new CameraSession(camera, device, behaviour);
    }

    /// <summary>The operations that reached the camera and were answered (not 401 challenges), in order.</summary>
    public IEnumerable<RecordedRequest> Answered => Camera.Requests.Where(r => r.Status != 401);

    public async ValueTask DisposeAsync()
    {
        Device.Dispose();
        await Camera.DisposeAsync();
    }
}
