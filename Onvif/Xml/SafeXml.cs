using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace VmsServices.Onvif.Xml;

/// <summary>
/// Loads untrusted XML from a device: no DTD (so no external or expanding entities, XXE-safe), no
/// resolver, a size cap checked before parsing, and a nesting cap checked in a cheap first pass
/// so that a hostile document cannot make the tree or later walks over it deep.
/// Every failure is an <see cref="OnvifException"/> of kind Malformed.
/// </summary>
internal static class SafeXml
{
    /// <summary>ONVIF responses nest about 12 deep; 64 leaves room for vendor extensions.</summary>
    public const int MaxDepth = 64;

    public static XElement LoadRoot(ReadOnlyMemory<byte> data, int maxBytes, string what)
    {
        if (data.Length > maxBytes)
            throw OnvifException.Malformed($"the {what} is {data.Length} bytes, larger than the limit of {DescribeSize(maxBytes)}");
        if (data.IsEmpty)
            throw OnvifException.Malformed($"the {what} is empty");
        try
        {
            CheckDepth(data, maxBytes);
            using XmlReader reader = CreateReader(data, maxBytes);
            XDocument document = XDocument.Load(reader, LoadOptions.None);
            return document.Root ?? throw OnvifException.Malformed($"the {what} has no root element");
        }
        catch (XmlException e)
        {
            throw OnvifException.Malformed($"the {what} is not well-formed XML ({e.Message})", e);
        }
        catch (DecoderFallbackException e)
        {
            throw OnvifException.Malformed($"the {what} is not valid in its character encoding", e);
        }
        catch (ArgumentException e)
        {
            // An unknown encoding="..." declaration ends up here.
            throw OnvifException.Malformed($"the {what} could not be decoded ({e.Message})", e);
        }
    }

    public static string DescribeSize(int bytes) =>
        bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024)} MiB"
        : bytes % 1024 == 0 ? $"{bytes / 1024} KiB"
        : $"{bytes} bytes";

    private static void CheckDepth(ReadOnlyMemory<byte> data, int maxBytes)
    {
        using XmlReader reader = CreateReader(data, maxBytes);
        while (reader.Read())
        {
            if (reader.Depth > MaxDepth)
                throw OnvifException.Malformed($"the XML nests deeper than {MaxDepth} levels");
        }
    }

    private static XmlReader CreateReader(ReadOnlyMemory<byte> data, int maxBytes)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = maxBytes,
            MaxCharactersFromEntities = 1024,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
            CloseInput = true,
        };
        return XmlReader.Create(new ReadOnlyMemoryStream(data), settings);
    }
}
