namespace VmsServices.SimCamera.Onvif;

/// <summary>The URLs of one simulated device: its ONVIF services on the ONVIF port, its stream on the RTSP port.</summary>
internal sealed record OnvifAddresses(string HttpBase, string StreamUri)
{
    /// <summary><paramref name="host"/> is already formatted for a URL (IPv6 in brackets).</summary>
    public static OnvifAddresses For(string host, int onvifPort, int rtspPort, string mountName) =>
        new($"http://{host}:{onvifPort}/onvif/{mountName}/", $"rtsp://{host}:{rtspPort}/{mountName}");

    public string Service(OnvifService service) => HttpBase + service.Path();
    public string DeviceService => Service(OnvifService.Device);
    public string SnapshotUri => HttpBase + "snapshot.jpg";
    public string PtzStateUri => HttpBase + "ptz-state";
}
