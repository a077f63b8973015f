using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using VmsServices.Onvif.Soap;
using VmsServices.Onvif.Xml;

namespace VmsServices.Onvif.Ptz;

/// <summary>
/// Requests of the PTZ service ver20 (ONVIF PTZ Service Spec §5.3): ContinuousMove and Stop, with
/// velocities in the generic normalized space (-1..1) that every PTZ device supports.
/// </summary>
internal static class PtzMessages
{
    private static readonly XNamespace Tptz = OnvifNamespaces.Ptz;
    private static readonly XNamespace Tt = OnvifNamespaces.Schema;

    public static SoapOperation ContinuousMove(string profileToken, double pan, double tilt, double zoom, TimeSpan? timeout) =>
        SoapOperation.Create(Tptz, "ContinuousMove",
            new XElement(Tptz + "ProfileToken", profileToken),
            new XElement(Tptz + "Velocity",
                new XElement(Tt + "PanTilt", new XAttribute("x", Format(pan)), new XAttribute("y", Format(tilt))),
                new XElement(Tt + "Zoom", new XAttribute("x", Format(zoom)))),
            timeout is null ? null : new XElement(Tptz + "Timeout", XmlConvert.ToString(timeout.Value)));

    public static SoapOperation Stop(string profileToken) =>
        SoapOperation.Create(Tptz, "Stop",
            new XElement(Tptz + "ProfileToken", profileToken),
            new XElement(Tptz + "PanTilt", "true"),
            new XElement(Tptz + "Zoom", "true"));

    /// <summary>PTZ answers carry nothing: the expected response element, or an empty Body as some devices send.</summary>
    public static void ParseEmptyResponse(XElement body, SoapOperation request)
    {
        if (body.HasElements)
            SoapResponseParser.RequireResponse(body, request.ResponseName);
    }

    private static string Format(double value) => value.ToString("0.#####", CultureInfo.InvariantCulture);
}
