using System.Xml;
using System.Xml.Linq;

namespace VmsServices.SimCamera.Onvif.Soap;

/// <summary>
/// Parses untrusted XML (SOAP requests, discovery datagrams). DTDs are prohibited, which refuses external entities
/// (XXE) and entity expansion bombs alike; no resolver is set, so nothing is ever fetched; the size is bounded.
/// </summary>
internal static class SafeXml
{
    public static XDocument Load(byte[] data, int length, int maxCharacters)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersFromEntities = 1024,
            MaxCharactersInDocument = maxCharacters,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            CloseInput = true,
        };
        using var reader = XmlReader.Create(new MemoryStream(data, 0, length, writable: false), settings);
        return XDocument.Load(reader, LoadOptions.None);
    }
}
