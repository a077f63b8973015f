namespace VmsServices.SimCamera.Onvif.Soap;

/// <summary>The SOAP 1.2 envelope responses are wrapped in; it declares every prefix the templates use.</summary>
internal static class SoapEnvelope
{
    public const string ContentType = "application/soap+xml; charset=utf-8";

    public static string Wrap(string body) =>
        $"""<?xml version="1.0" encoding="UTF-8"?><env:Envelope {OnvifNamespaces.EnvelopeDeclarations}><env:Body>{body}</env:Body></env:Envelope>""";
}
