using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace VmsServices.Onvif.Xml;

/// <summary>Serializes an outgoing message: UTF-8 without BOM, with the XML declaration, not indented.</summary>
internal static class XmlBytes
{
    public static byte[] ToUtf8(XElement root)
    {
        using var stream = new MemoryStream();
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false };
        using (XmlWriter writer = XmlWriter.Create(stream, settings))
            new XDocument(root).Save(writer);
        return stream.ToArray();
    }
}
