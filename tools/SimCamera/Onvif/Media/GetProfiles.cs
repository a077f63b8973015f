using VmsServices.SimCamera.Onvif.Ptz;
using VmsServices.SimCamera.Onvif.Soap;

namespace VmsServices.SimCamera.Onvif.Media;

/// <summary>trt:GetProfiles (ONVIF Media 5.2.1): the device's one fixed profile: the H.264 loop as it is served
/// (resolution, frame rate, GOP and bitrate read from the stream) and a PTZ configuration in the generic spaces.
/// Elements follow the tt:Profile sequence of onvif.xsd, since strict clients parse in order.</summary>
internal sealed class GetProfiles : ISoapOperation
{
    public OnvifService Service => OnvifService.Media;
    public string Name => "GetProfiles";

    public string Handle(SoapCall call)
    {
        var camera = call.Camera;
        var video = camera.Video;
        var fps = (int)Math.Round(video.FramesPerSecond);
        return $"""
            <trt:GetProfilesResponse><trt:Profiles token="{camera.ProfileToken}" fixed="true">
            <tt:Name>{camera.MountName}</tt:Name>
            <tt:VideoSourceConfiguration token="vsc_{camera.MountName}"><tt:Name>VideoSource</tt:Name><tt:UseCount>1</tt:UseCount>
            <tt:SourceToken>vs_{camera.MountName}</tt:SourceToken><tt:Bounds x="0" y="0" width="{video.Width}" height="{video.Height}"/></tt:VideoSourceConfiguration>
            <tt:VideoEncoderConfiguration token="vec_{camera.MountName}"><tt:Name>H264</tt:Name><tt:UseCount>1</tt:UseCount>
            <tt:Encoding>H264</tt:Encoding><tt:Resolution><tt:Width>{video.Width}</tt:Width><tt:Height>{video.Height}</tt:Height></tt:Resolution>
            <tt:Quality>5</tt:Quality>
            <tt:RateControl><tt:FrameRateLimit>{fps}</tt:FrameRateLimit><tt:EncodingInterval>1</tt:EncodingInterval><tt:BitrateLimit>{video.BitrateKbps}</tt:BitrateLimit></tt:RateControl>
            <tt:H264><tt:GovLength>{video.GovLength}</tt:GovLength><tt:H264Profile>{video.H264Profile}</tt:H264Profile></tt:H264>
            <tt:Multicast><tt:Address><tt:Type>IPv4</tt:Type><tt:IPv4Address>0.0.0.0</tt:IPv4Address></tt:Address><tt:Port>0</tt:Port><tt:TTL>0</tt:TTL><tt:AutoStart>false</tt:AutoStart></tt:Multicast>
            <tt:SessionTimeout>PT60S</tt:SessionTimeout></tt:VideoEncoderConfiguration>
            <tt:PTZConfiguration token="{camera.PtzConfigurationToken}"><tt:Name>PTZ</tt:Name><tt:UseCount>1</tt:UseCount>
            <tt:NodeToken>{PtzSpaces.NodeToken}</tt:NodeToken>
            <tt:DefaultAbsolutePantTiltPositionSpace>{PtzSpaces.PanTiltPosition}</tt:DefaultAbsolutePantTiltPositionSpace>
            <tt:DefaultAbsoluteZoomPositionSpace>{PtzSpaces.ZoomPosition}</tt:DefaultAbsoluteZoomPositionSpace>
            <tt:DefaultContinuousPanTiltVelocitySpace>{PtzSpaces.PanTiltVelocity}</tt:DefaultContinuousPanTiltVelocitySpace>
            <tt:DefaultContinuousZoomVelocitySpace>{PtzSpaces.ZoomVelocity}</tt:DefaultContinuousZoomVelocitySpace>
            <tt:DefaultPTZTimeout>{XmlValue.Duration(PtzSpaces.DefaultTimeout)}</tt:DefaultPTZTimeout>
            <tt:PanTiltLimits><tt:Range><tt:URI>{PtzSpaces.PanTiltPosition}</tt:URI><tt:XRange><tt:Min>-1</tt:Min><tt:Max>1</tt:Max></tt:XRange><tt:YRange><tt:Min>-1</tt:Min><tt:Max>1</tt:Max></tt:YRange></tt:Range></tt:PanTiltLimits>
            <tt:ZoomLimits><tt:Range><tt:URI>{PtzSpaces.ZoomPosition}</tt:URI><tt:XRange><tt:Min>0</tt:Min><tt:Max>1</tt:Max></tt:XRange></tt:Range></tt:ZoomLimits>
            </tt:PTZConfiguration>
            </trt:Profiles></trt:GetProfilesResponse>
            """;
    }
}
