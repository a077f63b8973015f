using System.Globalization;
using System.Security;
using System.Xml;

namespace VmsServices.SimCamera.Onvif.Soap;

/// <summary>Values as they go into the raw-string response templates: escaped text, invariant numbers, xs types.</summary>
internal static class XmlValue
{
    public static string Escape(string value) => SecurityElement.Escape(value);

    public static string Number(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    public static string Boolean(bool value) => value ? "true" : "false";

    public static string DateTime(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string Duration(TimeSpan value) => XmlConvert.ToString(value);
}
