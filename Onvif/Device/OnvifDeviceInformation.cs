namespace VmsServices.Onvif;

/// <summary>GetDeviceInformation (ONVIF Core §8.3.1). Any field a device leaves out is null.</summary>
public sealed record OnvifDeviceInformation(
    string? Manufacturer,
    string? Model,
    string? FirmwareVersion,
    string? SerialNumber,
    string? HardwareId);
