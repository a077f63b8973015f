using VmsServices.SimCamera.Onvif.Soap;

namespace VmsServices.SimCamera.Onvif.Device;

/// <summary>tds:GetServices (ONVIF Core 8.1.2.2): namespace, XAddr and version of each service, with the service
/// capabilities when IncludeCapability is true. The device capabilities say which authentication is in force.</summary>
internal sealed class GetServices : ISoapOperation
{
    public OnvifService Service => OnvifService.Device;
    public string Name => "GetServices";

    public string Handle(SoapCall call)
    {
        var include = call.BooleanArgument("IncludeCapability", absent: false);
        var services = Enum.GetValues<OnvifService>().Select(service =>
        {
            var capabilities = include ? $"<tds:Capabilities>{CapabilitiesOf(service, call.AuthMode)}</tds:Capabilities>" : "";
            return $"<tds:Service><tds:Namespace>{service.Namespace()}</tds:Namespace>" +
                   $"<tds:XAddr>{XmlValue.Escape(call.Camera.Addresses.Service(service))}</tds:XAddr>{capabilities}" +
                   $"<tds:Version>{OnvifVersion.Elements}</tds:Version></tds:Service>";
        });
        return $"<tds:GetServicesResponse>{string.Concat(services)}</tds:GetServicesResponse>";
    }

    private static string CapabilitiesOf(OnvifService service, OnvifAuthMode authMode) => service switch
    {
        OnvifService.Device => $"""
            <tds:Capabilities><tds:Network IPFilter="false" ZeroConfiguration="false" IPVersion6="false" DynDNS="false"/>
            <tds:Security UsernameToken="{XmlValue.Boolean(authMode == OnvifAuthMode.UsernameToken)}" HttpDigest="{XmlValue.Boolean(authMode == OnvifAuthMode.HttpDigest)}"/>
            <tds:System DiscoveryResolve="false" DiscoveryBye="true" RemoteDiscovery="false" SystemBackup="false" SystemLogging="false" FirmwareUpgrade="false"/>
            </tds:Capabilities>
            """,
        OnvifService.Media => """
            <trt:Capabilities SnapshotUri="true" Rotation="false"><trt:ProfileCapabilities MaximumNumberOfProfiles="1"/>
            <trt:StreamingCapabilities RTPMulticast="false" RTP_TCP="false" RTP_RTSP_TCP="true" NonAggregateControl="false"/></trt:Capabilities>
            """,
        _ => """<tptz:Capabilities EFlip="false" Reverse="false" MoveStatus="true" StatusPosition="true"/>""",
    };
}
