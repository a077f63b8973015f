using VmsServices.SimCamera.Onvif.Soap;

namespace VmsServices.SimCamera.Onvif.Ptz;

/// <summary>tptz:GetStatus (ONVIF PTZ 5.3.6): position in the generic position spaces, move status, UTC time.</summary>
internal sealed class GetStatus : ISoapOperation
{
    public OnvifService Service => OnvifService.Ptz;
    public string Name => "GetStatus";

    public string Handle(SoapCall call)
    {
        call.RequireProfile();
        var state = call.Camera.Ptz.Read();
        return $"""
            <tptz:GetStatusResponse><tptz:PTZStatus>
            <tt:Position><tt:PanTilt x="{XmlValue.Number(state.Pan)}" y="{XmlValue.Number(state.Tilt)}" space="{PtzSpaces.PanTiltPosition}"/>
            <tt:Zoom x="{XmlValue.Number(state.Zoom)}" space="{PtzSpaces.ZoomPosition}"/></tt:Position>
            <tt:MoveStatus><tt:PanTilt>{MoveStatus(state.PanTiltMoving)}</tt:PanTilt><tt:Zoom>{MoveStatus(state.ZoomMoving)}</tt:Zoom></tt:MoveStatus>
            <tt:UtcTime>{XmlValue.DateTime(call.Now)}</tt:UtcTime>
            </tptz:PTZStatus></tptz:GetStatusResponse>
            """;
    }

    private static string MoveStatus(bool moving) => moving ? "MOVING" : "IDLE";
}
