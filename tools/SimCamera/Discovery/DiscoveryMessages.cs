using System.Text;
using VmsServices.SimCamera.Onvif;
using VmsServices.SimCamera.Onvif.Soap;

namespace VmsServices.SimCamera.Discovery;

/// <summary>The messages a simulated device sends (WS-Discovery 2005/04 §4.1 Hello, §4.2 Bye, §5.3 ProbeMatches),
/// one device per message. Types are announced as <c>dn:NetworkVideoTransmitter tds:Device</c> (ONVIF Core 7.3.1).</summary>
internal static class DiscoveryMessages
{
    public static byte[] ProbeMatches(OnvifCamera camera, string relatesTo, AppSequence sequence) => Envelope(
        DiscoveryNamespaces.ProbeMatchesAction, DiscoveryNamespaces.AnonymousRole, sequence,
        $"<a:RelatesTo>{XmlValue.Escape(relatesTo)}</a:RelatesTo>",
        $"<d:ProbeMatches><d:ProbeMatch>{Target(camera)}</d:ProbeMatch></d:ProbeMatches>");

    public static byte[] Hello(OnvifCamera camera, AppSequence sequence) => Envelope(
        DiscoveryNamespaces.HelloAction, DiscoveryNamespaces.DiscoveryUrn, sequence, "", $"<d:Hello>{Target(camera)}</d:Hello>");

    public static byte[] Bye(OnvifCamera camera, AppSequence sequence) => Envelope(
        DiscoveryNamespaces.ByeAction, DiscoveryNamespaces.DiscoveryUrn, sequence, "", $"<d:Bye>{EndpointReference(camera)}</d:Bye>");

    private static string EndpointReference(OnvifCamera camera) =>
        $"<a:EndpointReference><a:Address>{camera.Identity.EndpointReference}</a:Address></a:EndpointReference>";

    private static string Target(OnvifCamera camera) =>
        EndpointReference(camera) +
        "<d:Types>dn:NetworkVideoTransmitter tds:Device</d:Types>" +
        $"<d:Scopes>{XmlValue.Escape(string.Join(' ', camera.Scopes))}</d:Scopes>" +
        $"<d:XAddrs>{XmlValue.Escape(camera.Addresses.DeviceService)}</d:XAddrs>" +
        "<d:MetadataVersion>1</d:MetadataVersion>";

    private static byte[] Envelope(string action, string to, AppSequence sequence, string extraHeaders, string body) => Encoding.UTF8.GetBytes(
        $"""<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="{OnvifNamespaces.Soap12}" xmlns:a="{DiscoveryNamespaces.Addressing}" xmlns:d="{DiscoveryNamespaces.Discovery}" xmlns:dn="{OnvifNamespaces.Network}" xmlns:tds="{OnvifNamespaces.Device}">""" +
        $"<s:Header><a:MessageID>urn:uuid:{Guid.NewGuid():D}</a:MessageID>{extraHeaders}<a:To>{to}</a:To><a:Action>{action}</a:Action>{sequence.NextHeader()}</s:Header>" +
        $"<s:Body>{body}</s:Body></s:Envelope>");
}
