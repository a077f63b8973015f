using System.Xml.Linq;
using VmsServices.Onvif.Soap;
using VmsServices.Onvif.Xml;

namespace VmsServices.Onvif.Media;

/// <summary>
/// Requests of the media service, in both generations: Media ver10 (ONVIF Media Service Spec)
/// and Media2 ver20 (ONVIF Media2 Service Spec), and the parsing of their responses.
/// </summary>
internal sealed class MediaMessages
{
    private static readonly XNamespace Tt = OnvifNamespaces.Schema;

    public static readonly MediaMessages Media1 = new(OnvifNamespaces.Media);
    public static readonly MediaMessages Media2 = new(OnvifNamespaces.Media2);

    private readonly XNamespace _ns;

    private MediaMessages(XNamespace ns) => _ns = ns;

    private bool IsMedia2 => _ns == OnvifNamespaces.Media2;

    public SoapOperation GetProfiles() => IsMedia2
        ? SoapOperation.Create(_ns, "GetProfiles", new XElement(_ns + "Type", "All"))
        : SoapOperation.Create(_ns, "GetProfiles");

    /// <summary>An RTSP URI for RTP unicast (over RTSP; the RTSP client chooses TCP or UDP itself).</summary>
    public SoapOperation GetStreamUri(string profileToken) => IsMedia2
        ? SoapOperation.Create(_ns, "GetStreamUri",
            new XElement(_ns + "Protocol", "RtspUnicast"),
            new XElement(_ns + "ProfileToken", profileToken))
        : SoapOperation.Create(_ns, "GetStreamUri",
            new XElement(_ns + "StreamSetup",
                new XElement(Tt + "Stream", "RTP-Unicast"),
                new XElement(Tt + "Transport", new XElement(Tt + "Protocol", "RTSP"))),
            new XElement(_ns + "ProfileToken", profileToken));

    public SoapOperation GetSnapshotUri(string profileToken) =>
        SoapOperation.Create(_ns, "GetSnapshotUri", new XElement(_ns + "ProfileToken", profileToken));

    public IReadOnlyList<OnvifMediaProfile> ParseProfiles(XElement body)
    {
        XElement response = SoapResponseParser.RequireResponse(body, _ns + "GetProfilesResponse");
        var profiles = new List<OnvifMediaProfile>();
        foreach (XElement profile in response.Elements(_ns + "Profiles"))
        {
            // A profile without a token cannot be used in any later call.
            string? token = profile.AttributeText("token");
            if (token is not null)
                profiles.Add(IsMedia2 ? ReadMedia2Profile(profile, token) : ReadMedia1Profile(profile, token));
        }
        return profiles;
    }

    /// <summary>The URI of a GetStreamUri or GetSnapshotUri response (ver10: MediaUri/Uri, ver20: Uri).</summary>
    public Uri ParseUri(XElement body, SoapOperation request)
    {
        XElement response = SoapResponseParser.RequireResponse(body, request.ResponseName);
        string? text = IsMedia2
            ? response.ChildText(_ns + "Uri")
            : response.Child(_ns + "MediaUri").ChildText(Tt + "Uri");
        if (text is null)
            throw OnvifException.Malformed($"the {request.Name} response has no Uri");
        return XmlNavigation.AbsoluteUri(text)
            ?? throw OnvifException.Malformed($"the {request.Name} response holds a Uri that is not an absolute URI");
    }

    private static OnvifMediaProfile ReadMedia1Profile(XElement profile, string token)
    {
        XElement? ptz = profile.Child(Tt + "PTZConfiguration");
        return Create(profile, token, profile.ChildText(Tt + "Name"), profile.Child(Tt + "VideoEncoderConfiguration"), ptz);
    }

    private OnvifMediaProfile ReadMedia2Profile(XElement profile, string token)
    {
        XElement? configurations = profile.Child(_ns + "Configurations");
        return Create(profile, token, profile.ChildText(_ns + "Name"), configurations.Child(_ns + "VideoEncoder"),
            configurations.Child(_ns + "PTZ"));
    }

    private static OnvifMediaProfile Create(XElement profile, string token, string? name, XElement? encoder, XElement? ptz)
    {
        XElement? resolution = encoder.Child(Tt + "Resolution");
        VideoResolution? size = resolution.ChildInt(Tt + "Width") is int w && resolution.ChildInt(Tt + "Height") is int h && w > 0 && h > 0
            ? new VideoResolution(w, h)
            : null;
        return new OnvifMediaProfile(
            token,
            name,
            encoder.ChildText(Tt + "Encoding")?.ToUpperInvariant(),
            size,
            encoder.Child(Tt + "RateControl").ChildDouble(Tt + "FrameRateLimit"),
            ptz is not null,
            ptz.AttributeText("token"));
    }
}
