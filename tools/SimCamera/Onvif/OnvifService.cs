namespace VmsServices.SimCamera.Onvif;

/// <summary>The ONVIF services each simulated device exposes, each at its own path (<c>/onvif/camN/&lt;path&gt;</c>).</summary>
internal enum OnvifService
{
    Device,
    Media,
    Ptz,
}

internal static class OnvifServiceExtensions
{
    public static string Path(this OnvifService service) => service switch
    {
        OnvifService.Device => "device_service",
        OnvifService.Media => "media_service",
        _ => "ptz_service",
    };

    public static string Namespace(this OnvifService service) => service switch
    {
        OnvifService.Device => OnvifNamespaces.Device.NamespaceName,
        OnvifService.Media => OnvifNamespaces.Media.NamespaceName,
        _ => OnvifNamespaces.Ptz.NamespaceName,
    };

    public static bool TryParsePath(string path, out OnvifService service)
    {
        foreach (var candidate in Enum.GetValues<OnvifService>())
        {
            if (candidate.Path() == path)
            {
                service = candidate;
                return true;
            }
        }
        service = default;
        return false;
    }
}
