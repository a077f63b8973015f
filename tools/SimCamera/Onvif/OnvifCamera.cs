using VmsServices.SimCamera.Onvif.Ptz;

namespace VmsServices.SimCamera.Onvif;

/// <summary>One mount seen as an ONVIF device: its identity, addresses, media profile and PTZ state.</summary>
internal sealed class OnvifCamera
{
    public OnvifCamera(CameraIdentity identity, OnvifAddresses addresses, VideoFormat video, TimeProvider clock)
    {
        Identity = identity;
        Addresses = addresses;
        Video = video;
        Ptz = new SimulatedPtz(clock);
        Scopes =
        [
            "onvif://www.onvif.org/type/video_encoder",
            "onvif://www.onvif.org/name/SimCamera%20" + MountName,
            "onvif://www.onvif.org/hardware/SimCamera",
            "onvif://www.onvif.org/location/lab",
        ];
    }

    public CameraIdentity Identity { get; }
    public int Index => Identity.Index;
    public string MountName => "cam" + Index;
    public OnvifAddresses Addresses { get; }
    public VideoFormat Video { get; }
    public SimulatedPtz Ptz { get; }

    /// <summary>The single media profile of the device.</summary>
    public string ProfileToken => "profile_" + MountName;
    public string PtzConfigurationToken => "ptz_" + MountName;

    /// <summary>Scopes announced in discovery and by GetScopes (ONVIF Core 7.3.2.2); all fixed.</summary>
    public IReadOnlyList<string> Scopes { get; }
}
