using VmsServices.SimCamera.Onvif.Soap;

namespace VmsServices.SimCamera.Onvif.Device;

/// <summary>tds:GetCapabilities (ONVIF Core 8.1.2.1): the XAddrs of the device, media and PTZ services. Other
/// categories (Analytics, Events, Imaging) are not served: env:Receiver/ter:ActionNotSupported/ter:NoSuchService.</summary>
internal sealed class GetCapabilities : ISoapOperation
{
    public OnvifService Service => OnvifService.Device;
    public string Name => "GetCapabilities";

    public string Handle(SoapCall call)
    {
        var categories = call.Operation.Elements(call.Operation.Name.Namespace + "Category").Select(e => e.Value.Trim()).ToList();
        var all = categories.Count == 0 || categories.Contains("All");
        foreach (var category in categories)
        {
            if (category is not ("All" or "Device" or "Media" or "PTZ"))
                throw SoapFault.ActionNotSupported($"Capability category '{category}' is not served by this simulated device.", "ter:NoSuchService");
        }
        var addresses = call.Camera.Addresses;
        var device = all || categories.Contains("Device") ? $"""
            <tt:Device><tt:XAddr>{XmlValue.Escape(addresses.DeviceService)}</tt:XAddr>
            <tt:System><tt:DiscoveryResolve>false</tt:DiscoveryResolve><tt:DiscoveryBye>true</tt:DiscoveryBye>
            <tt:RemoteDiscovery>false</tt:RemoteDiscovery><tt:SystemBackup>false</tt:SystemBackup><tt:SystemLogging>false</tt:SystemLogging>
            <tt:FirmwareUpgrade>false</tt:FirmwareUpgrade><tt:SupportedVersions>{OnvifVersion.Elements}</tt:SupportedVersions></tt:System>
            </tt:Device>
            """ : "";
        var media = all || categories.Contains("Media") ? $"""
            <tt:Media><tt:XAddr>{XmlValue.Escape(addresses.Service(OnvifService.Media))}</tt:XAddr>
            <tt:StreamingCapabilities><tt:RTPMulticast>false</tt:RTPMulticast><tt:RTP_TCP>false</tt:RTP_TCP><tt:RTP_RTSP_TCP>true</tt:RTP_RTSP_TCP></tt:StreamingCapabilities>
            </tt:Media>
            """ : "";
        var ptz = all || categories.Contains("PTZ") ? $"<tt:PTZ><tt:XAddr>{XmlValue.Escape(addresses.Service(OnvifService.Ptz))}</tt:XAddr></tt:PTZ>" : "";
        return $"<tds:GetCapabilitiesResponse><tds:Capabilities>{device}{media}{ptz}</tds:Capabilities></tds:GetCapabilitiesResponse>";
    }
}
