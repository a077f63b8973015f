using VmsServices.SimCamera.Onvif.Soap;

namespace VmsServices.SimCamera.Onvif.Device;

/// <summary>tds:GetSystemDateAndTime (ONVIF Core 8.3.9): the device clock, in UTC; answered without credentials.</summary>
internal sealed class GetSystemDateAndTime : ISoapOperation
{
    public OnvifService Service => OnvifService.Device;
    public string Name => "GetSystemDateAndTime";
    public bool Anonymous => true;

    public string Handle(SoapCall call)
    {
        var dateTime = DateTimeElements(call.Now.UtcDateTime);
        return $"""
            <tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime>
            <tt:DateTimeType>NTP</tt:DateTimeType><tt:DaylightSavings>false</tt:DaylightSavings>
            <tt:TimeZone><tt:TZ>UTC0</tt:TZ></tt:TimeZone>
            <tt:UTCDateTime>{dateTime}</tt:UTCDateTime><tt:LocalDateTime>{dateTime}</tt:LocalDateTime>
            </tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>
            """;
    }

    private static string DateTimeElements(DateTime utc) =>
        $"<tt:Time><tt:Hour>{utc.Hour}</tt:Hour><tt:Minute>{utc.Minute}</tt:Minute><tt:Second>{utc.Second}</tt:Second></tt:Time>" +
        $"<tt:Date><tt:Year>{utc.Year}</tt:Year><tt:Month>{utc.Month}</tt:Month><tt:Day>{utc.Day}</tt:Day></tt:Date>";
}
