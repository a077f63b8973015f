using VmsServices.SimCamera.Onvif.Soap;

namespace VmsServices.SimCamera.Onvif.Media;

/// <summary>trt:GetSnapshotUri (ONVIF Media 5.2.4): an HTTP URL on the ONVIF port serving a small JPEG.</summary>
internal sealed class GetSnapshotUri : ISoapOperation
{
    public OnvifService Service => OnvifService.Media;
    public string Name => "GetSnapshotUri";

    public string Handle(SoapCall call)
    {
        call.RequireProfile();
        return MediaUri.Response(Name, call.Camera.Addresses.SnapshotUri);
    }
}
