using VmsServices.SimCamera.Onvif.Soap;

namespace VmsServices.SimCamera.Onvif.Media;

/// <summary>tt:MediaUri as ONVIF Media 5.2.x requires it for a stable URI: valid after connect and reboot, PT0S.</summary>
internal static class MediaUri
{
    public static string Response(string operation, string uri) =>
        $"<trt:{operation}Response><trt:MediaUri><tt:Uri>{XmlValue.Escape(uri)}</tt:Uri>" +
        "<tt:InvalidAfterConnect>false</tt:InvalidAfterConnect><tt:InvalidAfterReboot>false</tt:InvalidAfterReboot>" +
        $"<tt:Timeout>PT0S</tt:Timeout></trt:MediaUri></trt:{operation}Response>";
}
