using System.Xml;
using System.Xml.Linq;

namespace VmsServices.SimCamera.Onvif.Soap;

/// <summary>What a handler gets: the device addressed, the operation element, the time, and the security in force.</summary>
/// <param name="AuthMode">The configured authentication mode (announced in the capabilities even when no credentials are set).</param>
internal sealed record SoapCall(OnvifCamera Camera, XElement Operation, DateTimeOffset Now, OnvifAuthMode AuthMode)
{
    /// <summary>Text of the child <paramref name="name"/> in the operation's own namespace, or null.</summary>
    public string? Argument(string name) => Operation.Element(Operation.Name.Namespace + name)?.Value.Trim();

    public XElement? ArgumentElement(string name) => Operation.Element(Operation.Name.Namespace + name);

    /// <summary>The ProfileToken argument, which has to name this device's only profile.</summary>
    public void RequireProfile()
    {
        var token = Argument("ProfileToken") ?? throw SoapFault.InvalidArgs("ProfileToken is missing.");
        if (token != Camera.ProfileToken)
            throw SoapFault.InvalidArgVal("ter:NoProfile", $"No profile '{token}'; this device has '{Camera.ProfileToken}'.");
    }

    /// <summary>An optional xs:boolean argument.</summary>
    public bool BooleanArgument(string name, bool absent)
    {
        var text = Argument(name);
        if (text is null) return absent;
        try
        {
            return XmlConvert.ToBoolean(text);
        }
        catch (FormatException)
        {
            throw SoapFault.InvalidArgs($"{name} is not an xs:boolean: '{text}'.");
        }
    }
}
