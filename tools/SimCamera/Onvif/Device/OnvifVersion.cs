namespace VmsServices.SimCamera.Onvif.Device;

/// <summary>The ONVIF version the simulated devices claim (tt:OnvifVersion), in GetCapabilities and GetServices.</summary>
internal static class OnvifVersion
{
    public const int Major = 2;
    public const int Minor = 60;

    public const string Elements = "<tt:Major>2</tt:Major><tt:Minor>60</tt:Minor>";
}
