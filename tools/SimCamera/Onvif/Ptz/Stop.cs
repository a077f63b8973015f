using VmsServices.SimCamera.Onvif.Soap;

namespace VmsServices.SimCamera.Onvif.Ptz;

/// <summary>tptz:Stop (ONVIF PTZ 5.3.5): stops pan/tilt and/or zoom (both unless told otherwise).</summary>
internal sealed class Stop : ISoapOperation
{
    public OnvifService Service => OnvifService.Ptz;
    public string Name => "Stop";

    public string Handle(SoapCall call)
    {
        call.RequireProfile();
        call.Camera.Ptz.Stop(call.BooleanArgument("PanTilt", absent: true), call.BooleanArgument("Zoom", absent: true));
        return "<tptz:StopResponse/>";
    }
}
