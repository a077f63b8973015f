using System.Xml.Linq;

namespace VmsServices.Onvif.Soap;

/// <summary>
/// One request of an ONVIF service: its body element and the WS-Addressing action, which ONVIF
/// WSDLs define as the service namespace + "/" + operation name.
/// </summary>
internal sealed record SoapOperation(XNamespace Service, string Name, XElement Body)
{
    public static SoapOperation Create(XNamespace service, string name, params object?[] content) =>
        new(service, name, new XElement(service + name, content));

    public string Action => $"{Service.NamespaceName}/{Name}";

    public XName ResponseName => Service + (Name + "Response");
}
