using System.Xml;
using System.Xml.Linq;
using VmsServices.SimCamera.Onvif.Soap;

namespace VmsServices.SimCamera.Onvif.Ptz;

/// <summary>tptz:ContinuousMove (ONVIF PTZ 5.3.3): moves at the given velocity (generic velocity spaces, each
/// component in [-1, 1]) until Stop, a zero velocity or the timeout (DefaultPTZTimeout when omitted). An omitted
/// PanTilt or Zoom leaves that movement as it is.</summary>
internal sealed class ContinuousMove : ISoapOperation
{
    public OnvifService Service => OnvifService.Ptz;
    public string Name => "ContinuousMove";

    public string Handle(SoapCall call)
    {
        call.RequireProfile();
        var velocity = call.ArgumentElement("Velocity") ?? throw SoapFault.InvalidArgs("Velocity is missing.");
        var tt = OnvifNamespaces.Schema;
        var panTilt = velocity.Element(tt + "PanTilt");
        var zoom = velocity.Element(tt + "Zoom");
        if (panTilt is not null) RequireSpace(panTilt, PtzSpaces.PanTiltVelocity);
        if (zoom is not null) RequireSpace(zoom, PtzSpaces.ZoomVelocity);
        call.Camera.Ptz.ContinuousMove(
            panTilt is null ? null : Component(panTilt, "x"),
            panTilt is null ? null : Component(panTilt, "y"),
            zoom is null ? null : Component(zoom, "x"),
            Timeout(call.Argument("Timeout")));
        return "<tptz:ContinuousMoveResponse/>";
    }

    private static void RequireSpace(XElement vector, string space)
    {
        var given = (string?)vector.Attribute("space");
        if (given is not null && given != space)
            throw SoapFault.InvalidArgVal("ter:SpaceNotSupported", $"Space '{given}' is not supported; use {space}.");
    }

    private static double Component(XElement vector, string name)
    {
        var text = (string?)vector.Attribute(name) ?? throw SoapFault.InvalidArgs($"{vector.Name.LocalName} has no '{name}' attribute.");
        double value;
        try
        {
            value = XmlConvert.ToDouble(text);
        }
        catch (FormatException)
        {
            throw SoapFault.InvalidArgs($"{vector.Name.LocalName}/@{name} is not an xs:float: '{text}'.");
        }
        if (!(value >= -1 && value <= 1))
            throw SoapFault.InvalidArgVal("ter:InvalidVelocity", $"{vector.Name.LocalName}/@{name} = {text} is outside [-1, 1].");
        return value;
    }

    private static TimeSpan Timeout(string? text)
    {
        if (text is null) return PtzSpaces.DefaultTimeout;
        TimeSpan timeout;
        try
        {
            timeout = XmlConvert.ToTimeSpan(text);
        }
        catch (FormatException)
        {
            throw SoapFault.InvalidArgs($"Timeout is not an xs:duration: '{text}'.");
        }
        if (timeout <= TimeSpan.Zero || timeout > PtzSpaces.MaxTimeout)
            throw SoapFault.InvalidArgVal("ter:TimeoutNotSupported", $"Timeout {text} is outside (PT0S, {XmlValue.Duration(PtzSpaces.MaxTimeout)}].");
        return timeout;
    }
}
