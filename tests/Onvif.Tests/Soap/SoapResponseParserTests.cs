using System.Text;
using System.Xml.Linq;
using VmsServices.Onvif.Device;
using VmsServices.Onvif.Http;
using VmsServices.Onvif.Soap;
using VmsServices.Onvif.Tests.Support;

namespace VmsServices.Onvif.Tests.Soap;

/// <summary>The pure SOAP response parsing: envelopes in both SOAP versions, faults, prefixes, limits.</summary>
public class SoapResponseParserTests
{
    private const int Limit = 1024 * 1024;

    [TestCase(Samples.Hikvision, OnvifErrorKind.Unauthorized, "Sender", "NotAuthorized")]
    [TestCase(Samples.Axis, OnvifErrorKind.Unauthorized, "Sender", "NotAuthorized")]
    [TestCase(Samples.Dahua, OnvifErrorKind.Unauthorized, "Sender", "NotAuthorized")]
    [TestCase(Samples.DigestOnly, OnvifErrorKind.Unauthorized, "Sender", "NotAuthorized")]
    public void NotAuthorized_fault_of_every_vendor_is_Unauthorized(string vendor, OnvifErrorKind kind, string code, string subcode)
    {
        OnvifException error = ParseFails(Samples.Bytes(vendor, "Fault-NotAuthorized"));

        Assert.That(error.Kind, Is.EqualTo(kind));
        Assert.That(error.FaultCode, Is.EqualTo(code));
        Assert.That(error.FaultSubcodes, Is.EqualTo(new[] { subcode }));
    }

    [Test]
    public void Soap11_fault_gives_faultcode_and_faultstring()
    {
        OnvifException error = ParseFails(Samples.Bytes(Samples.Dahua, "GetCapabilities"));

        Assert.That(error.Kind, Is.EqualTo(OnvifErrorKind.Fault));
        Assert.That(error.FaultCode, Is.EqualTo("Client"));
        Assert.That(error.FaultReason, Does.StartWith("Method 'tds:GetCapabilities' not implemented"));
        Assert.That(error.Message, Does.StartWith("SOAP fault Client: Method"));
    }

    [Test]
    public void Soap12_fault_gives_nested_subcodes_and_the_first_reason()
    {
        OnvifException error = ParseFails(Samples.Bytes(Samples.DigestOnly, "Fault-NoProfile"));

        Assert.That(error.Message, Is.EqualTo("SOAP fault Sender/InvalidArgVal/NoProfile: No such profile"));
    }

    [Test]
    public void Soap11_dotted_fault_code_is_split_and_recognised_as_authentication()
    {
        OnvifException error = ParseFails(Utf8("""
            <S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body><S:Fault>
            <faultcode>S:Client.FailedAuthentication</faultcode><faultstring>bad token</faultstring></S:Fault></S:Body></S:Envelope>
            """));

        Assert.That((error.Kind, error.FaultCode), Is.EqualTo((OnvifErrorKind.Unauthorized, "Client")));
        Assert.That(error.FaultSubcodes, Is.EqualTo(new[] { "FailedAuthentication" }));
    }

    [Test]
    public void Element_names_are_matched_by_namespace_not_prefix()
    {
        byte[] response = Utf8("""
            <x:Envelope xmlns:x="http://www.w3.org/2003/05/soap-envelope"><x:Body>
            <tt:GetDeviceInformationResponse xmlns:tt="http://www.onvif.org/ver10/device/wsdl">
            <tt:Manufacturer>Prefix</tt:Manufacturer>
            <Model xmlns="http://www.onvif.org/ver10/device/wsdl">Default</Model>
            <tds:FirmwareVersion xmlns:tds="urn:not-onvif">Wrong namespace</tds:FirmwareVersion>
            </tt:GetDeviceInformationResponse></x:Body></x:Envelope>
            """);

        OnvifDeviceInformation info = DeviceMessages.ParseDeviceInformation(SoapResponseParser.ParseBody(response, Limit));

        Assert.That(info, Is.EqualTo(new OnvifDeviceInformation("Prefix", "Default", null, null, null)));
    }

    [TestCase("<Envelope/>", "not a SOAP envelope")]
    [TestCase("<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"/>", "no Body")]
    [TestCase("", "empty")]
    [TestCase("<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body>", "not well-formed")]
    [TestCase("<?xml version=\"1.0\" encoding=\"x-unknown\"?><a/>", "")]
    public void Broken_envelopes_are_Malformed(string xml, string reason)
    {
        OnvifException error = ParseFails(Utf8(xml));

        Assert.That(error.Kind, Is.EqualTo(OnvifErrorKind.Malformed));
        Assert.That(error.Message, Does.Contain(reason));
    }

    [Test]
    public void Invalid_utf8_is_Malformed()
    {
        byte[] bytes = [.. Utf8("<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body>"), 0xC3, 0x28, 0xFF, .. Utf8("</s:Body></s:Envelope>")];

        Assert.That(ParseFails(bytes).Kind, Is.EqualTo(OnvifErrorKind.Malformed));
    }

    [Test]
    public void Wrong_response_element_names_what_came_instead()
    {
        XElement body = SoapResponseParser.ParseBody(Samples.Bytes(Samples.Hikvision, "GetDeviceInformation"), Limit);

        var error = Assert.Throws<OnvifException>(() => DeviceMessages.ParseSystemDateAndTime(body));

        Assert.That(error!.Message, Does.Contain("holds GetDeviceInformationResponse (http://www.onvif.org/ver10/device/wsdl)"));
    }

    [TestCase("<tt:Year>2024</tt:Year><tt:Month>2</tt:Month><tt:Day>30</tt:Day>")]
    [TestCase("<tt:Year>2024</tt:Year><tt:Month>13</tt:Month><tt:Day>1</tt:Day>")]
    [TestCase("<tt:Year>x</tt:Year><tt:Month>1</tt:Month><tt:Day>1</tt:Day>")]
    [TestCase("")]
    public void Impossible_or_missing_utc_date_is_null_not_an_error(string date)
    {
        byte[] response = Utf8($"""
            <s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:tt="http://www.onvif.org/ver10/schema"><s:Body>
            <tds:GetSystemDateAndTimeResponse xmlns:tds="http://www.onvif.org/ver10/device/wsdl"><tds:SystemDateAndTime>
            <tt:UTCDateTime><tt:Time><tt:Hour>1</tt:Hour><tt:Minute>2</tt:Minute><tt:Second>3</tt:Second></tt:Time><tt:Date>{date}</tt:Date></tt:UTCDateTime>
            </tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse></s:Body></s:Envelope>
            """);

        OnvifSystemTime time = DeviceMessages.ParseSystemDateAndTime(SoapResponseParser.ParseBody(response, Limit));

        Assert.That(time.UtcTime, Is.Null);
    }

    [Test]
    public void Oversized_document_is_refused_before_parsing()
    {
        var error = Assert.Throws<OnvifException>(() => SoapResponseParser.ParseBody(new byte[2048], 1024));

        Assert.That(error!.Message, Is.EqualTo("the SOAP response is 2048 bytes, larger than the limit of 1 KiB"));
    }

    [Test]
    public void Http_error_status_reports_the_fault_when_there_is_one_and_the_status_otherwise()
    {
        var fault = Assert.Throws<OnvifException>(() =>
            SoapTransport.Interpret(500, "Internal Server Error", Samples.Bytes(Samples.Dahua, "GetCapabilities"), Limit));
        var status = Assert.Throws<OnvifException>(() =>
            SoapTransport.Interpret(503, "Service Unavailable", Samples.Bytes(Samples.Dahua, "GetServices"), Limit));

        Assert.That(fault!.FaultCode, Is.EqualTo("Client"));
        Assert.That(status!.FaultCode, Is.EqualTo("HTTP 503"));
    }

    private static OnvifException ParseFails(byte[] data) =>
        Assert.Throws<OnvifException>(() => SoapResponseParser.ParseBody(data, Limit))!;

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);
}
