using System.Xml.Linq;
using VmsServices.SimCamera.Onvif.Soap;

namespace VmsServices.SimCamera.Onvif.Media;

/// <summary>trt:GetStreamUri (ONVIF Media 5.2.3): the RTSP URL of this mount on the RTSP port, without credentials.
/// Only unicast is served; RTP over HTTP tunnelling is not (ter:InvalidStreamSetup). UDP and TCP requests get the
/// same URL: the RTSP server itself only streams interleaved over the RTSP connection.</summary>
internal sealed class GetStreamUri : ISoapOperation
{
    public OnvifService Service => OnvifService.Media;
    public string Name => "GetStreamUri";

    public string Handle(SoapCall call)
    {
        var setup = call.ArgumentElement("StreamSetup") ?? throw SoapFault.InvalidArgs("StreamSetup is missing.");
        var tt = OnvifNamespaces.Schema;
        var stream = setup.Element(tt + "Stream")?.Value.Trim();
        var protocol = setup.Element(tt + "Transport")?.Element(tt + "Protocol")?.Value.Trim();
        if (stream is null || protocol is null) throw SoapFault.InvalidArgs("StreamSetup needs tt:Stream and tt:Transport/tt:Protocol.");
        if (stream != "RTP-Unicast")
            throw SoapFault.InvalidArgVal("ter:InvalidStreamSetup", $"Stream type '{stream}' is not supported; only RTP-Unicast.");
        if (protocol is not ("UDP" or "TCP" or "RTSP"))
            throw SoapFault.InvalidArgVal("ter:InvalidStreamSetup", $"Transport protocol '{protocol}' is not supported; use RTSP, TCP or UDP.");
        call.RequireProfile();
        return MediaUri.Response(Name, call.Camera.Addresses.StreamUri);
    }
}
