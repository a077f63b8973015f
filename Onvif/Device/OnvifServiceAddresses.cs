namespace VmsServices.Onvif;

/// <summary>
/// Where a device's services are, from GetCapabilities or GetServices. Null: not offered.
/// <see cref="Media"/> is Media ver10, <see cref="Media2"/> Media2 ver20; PTZ is ver20 in both.
/// </summary>
public sealed record OnvifServiceAddresses(Uri? Media, Uri? Media2, Uri? Ptz)
{
    /// <summary>Fills what this one lacks from <paramref name="other"/>.</summary>
    internal OnvifServiceAddresses FillFrom(OnvifServiceAddresses other) =>
        new(Media ?? other.Media, Media2 ?? other.Media2, Ptz ?? other.Ptz);

    internal bool IsComplete => (Media ?? Media2) is not null && Ptz is not null;
}
