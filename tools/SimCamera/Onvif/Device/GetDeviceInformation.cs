using VmsServices.SimCamera.Onvif.Soap;

namespace VmsServices.SimCamera.Onvif.Device;

/// <summary>tds:GetDeviceInformation (ONVIF Core 8.3.1): manufacturer, model, firmware, serial number (stable per
/// identity seed and mount), hardware id.</summary>
internal sealed class GetDeviceInformation : ISoapOperation
{
    private static readonly string Firmware = typeof(GetDeviceInformation).Assembly.GetName().Version?.ToString(3) ?? "1.0.0";

    public OnvifService Service => OnvifService.Device;
    public string Name => "GetDeviceInformation";

    public string Handle(SoapCall call) => $"""
        <tds:GetDeviceInformationResponse>
        <tds:Manufacturer>VmsServices</tds:Manufacturer><tds:Model>SimCamera</tds:Model>
        <tds:FirmwareVersion>{XmlValue.Escape(Firmware)}</tds:FirmwareVersion>
        <tds:SerialNumber>{XmlValue.Escape(call.Camera.Identity.SerialNumber)}</tds:SerialNumber>
        <tds:HardwareId>SimCamera-H264</tds:HardwareId>
        </tds:GetDeviceInformationResponse>
        """;
}
