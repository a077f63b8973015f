using System.Xml.Linq;
using VmsServices.Onvif.Soap;
using VmsServices.Onvif.Xml;

namespace VmsServices.Onvif.Device;

/// <summary>Requests of the device management service (ONVIF Core §8) and the parsing of their responses.</summary>
internal static class DeviceMessages
{
    private static readonly XNamespace Tds = OnvifNamespaces.Device;
    private static readonly XNamespace Tt = OnvifNamespaces.Schema;

    public static SoapOperation GetSystemDateAndTime() => SoapOperation.Create(Tds, "GetSystemDateAndTime");

    public static SoapOperation GetDeviceInformation() => SoapOperation.Create(Tds, "GetDeviceInformation");

    public static SoapOperation GetCapabilities() =>
        SoapOperation.Create(Tds, "GetCapabilities", new XElement(Tds + "Category", "All"));

    public static SoapOperation GetServices() =>
        SoapOperation.Create(Tds, "GetServices", new XElement(Tds + "IncludeCapability", "false"));

    public static OnvifSystemTime ParseSystemDateAndTime(XElement body)
    {
        XElement response = SoapResponseParser.RequireResponse(body, Tds + "GetSystemDateAndTimeResponse");
        XElement? time = response.Child(Tds + "SystemDateAndTime");
        return new OnvifSystemTime(
            ParseDateTime(time.Child(Tt + "UTCDateTime")),
            time.ChildText(Tt + "DateTimeType"),
            time.Child(Tt + "TimeZone").ChildText(Tt + "TZ"));
    }

    public static OnvifDeviceInformation ParseDeviceInformation(XElement body)
    {
        XElement response = SoapResponseParser.RequireResponse(body, Tds + "GetDeviceInformationResponse");
        return new OnvifDeviceInformation(
            response.ChildText(Tds + "Manufacturer"),
            response.ChildText(Tds + "Model"),
            response.ChildText(Tds + "FirmwareVersion"),
            response.ChildText(Tds + "SerialNumber"),
            response.ChildText(Tds + "HardwareId"));
    }

    /// <summary>tt:DateTime: Date(Year, Month, Day) and Time(Hour, Minute, Second); null if incomplete or impossible.</summary>
    private static DateTimeOffset? ParseDateTime(XElement? dateTime)
    {
        XElement? date = dateTime.Child(Tt + "Date");
        XElement? time = dateTime.Child(Tt + "Time");
        if (date.ChildInt(Tt + "Year") is not { } year || date.ChildInt(Tt + "Month") is not { } month
            || date.ChildInt(Tt + "Day") is not { } day)
            return null;
        int hour = time.ChildInt(Tt + "Hour") ?? 0, minute = time.ChildInt(Tt + "Minute") ?? 0;
        int second = time.ChildInt(Tt + "Second") ?? 0;
        if (year is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour is < 0 or > 23 || minute is < 0 or > 59 || second is < 0 or > 60)
            return null;
        // A leap second (60) is folded into the next minute's first second.
        return new DateTimeOffset(year, month, day, hour, minute, Math.Min(second, 59), TimeSpan.Zero);
    }
}
