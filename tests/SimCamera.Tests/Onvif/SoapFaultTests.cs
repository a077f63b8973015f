using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace VmsServices.SimCamera.Tests.Onvif;

/// <summary>Whatever a client sends, the answer is a SOAP 1.2 fault (or an HTTP error), never a crash.</summary>
public class SoapFaultTests
{
    [Test]
    public async Task An_unknown_operation_is_ActionNotSupported()
    {
        await using var server = await OnvifServer.StartAsync();
        using var soap = new SoapClient();
        var response = await soap.CallAsync(server.GetDeviceServiceUrl(1), "<tds:GetHostname/>");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.InternalServerError), "env:Receiver maps to 500 (SOAP 1.2 HTTP binding)");
        Assert.That(response.FaultCodes, Is.EqualTo(new[] { "env:Receiver", "ter:ActionNotSupported" }));
        Assert.That(response.FaultReason, Does.Contain("GetHostname"));
    }

    [Test]
    public async Task Malformed_xml_is_a_sender_fault_and_the_server_keeps_answering()
    {
        await using var server = await OnvifServer.StartAsync();
        using var soap = new SoapClient();
        var broken = await soap.PostAsync(server.GetDeviceServiceUrl(1), SoapClient.Envelope("<tds:GetDeviceInformation>"));
        var empty = await soap.PostAsync(server.GetDeviceServiceUrl(1), "");
        var noOperation = await soap.PostAsync(server.GetDeviceServiceUrl(1), SoapClient.Envelope(""));

        Assert.That(broken.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(broken.FaultCodes, Is.EqualTo(new[] { "env:Sender", "ter:WellFormed" }));
        Assert.That(empty.FaultCodes, Is.EqualTo(new[] { "env:Sender", "ter:WellFormed" }));
        Assert.That(noOperation.FaultCodes, Is.EqualTo(new[] { "env:Sender", "ter:Tag" }));
        var healthy = await soap.CallAsync(server.GetDeviceServiceUrl(1), "<tds:GetDeviceInformation/>");
        Assert.That(healthy.Status, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task External_entities_are_refused_before_anything_is_read()
    {
        await using var server = await OnvifServer.StartAsync();
        using var soap = new SoapClient();
        var secret = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(secret, "TOP-SECRET-CONTENT");
            var xxe = $"""
                <?xml version="1.0"?>
                <!DOCTYPE s:Envelope [ <!ENTITY xxe SYSTEM "file://{secret}"> ]>
                <s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:tds="http://www.onvif.org/ver10/device/wsdl">
                <s:Body><tds:GetCapabilities><tds:Category>&xxe;</tds:Category></tds:GetCapabilities></s:Body></s:Envelope>
                """;
            var response = await soap.PostAsync(server.GetDeviceServiceUrl(1), xxe);

            Assert.That(response.FaultCodes, Is.EqualTo(new[] { "env:Sender", "ter:WellFormed" }));
            Assert.That(response.Text, Does.Not.Contain("TOP-SECRET"));
        }
        finally
        {
            File.Delete(secret);
        }
    }

    [Test]
    public async Task Entity_expansion_is_refused()
    {
        await using var server = await OnvifServer.StartAsync();
        using var soap = new SoapClient();
        var laughs = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [ <!ENTITY lol "lol"> <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"> ]>
            <s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><x>&lol2;</x></s:Body></s:Envelope>
            """;
        var response = await soap.PostAsync(server.GetDeviceServiceUrl(1), laughs);

        Assert.That(response.FaultCodes, Is.EqualTo(new[] { "env:Sender", "ter:WellFormed" }));
    }

    [Test]
    public async Task A_soap_1_1_envelope_is_a_version_mismatch()
    {
        await using var server = await OnvifServer.StartAsync();
        using var soap = new SoapClient();
        var response = await soap.PostAsync(server.GetDeviceServiceUrl(1),
            """<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><GetDeviceInformation xmlns="http://www.onvif.org/ver10/device/wsdl"/></s:Body></s:Envelope>""");

        Assert.That(response.FaultCodes, Is.EqualTo(new[] { "env:VersionMismatch" }));
    }

    [Test]
    public async Task A_body_over_the_limit_is_refused_with_413()
    {
        await using var server = await OnvifServer.StartAsync();
        using var soap = new SoapClient();
        var padding = new string(' ', 70 * 1024);
        var response = await soap.PostAsync(server.GetDeviceServiceUrl(1), SoapClient.Envelope("<tds:GetDeviceInformation/>" + padding));

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
    }

    [Test]
    public async Task Wrong_methods_and_unknown_paths_get_http_errors()
    {
        await using var server = await OnvifServer.StartAsync();
        using var soap = new SoapClient();
        using var get = await soap.GetAsync(server.GetDeviceServiceUrl(1));
        using var thirdCamera = await soap.GetAsync($"http://127.0.0.1:{server.OnvifPort}/onvif/cam3/ptz-state");
        using var leadingZero = await soap.GetAsync($"http://127.0.0.1:{server.OnvifPort}/onvif/cam01/ptz-state");
        using var other = await soap.GetAsync($"http://127.0.0.1:{server.OnvifPort}/onvif/cam1/imaging_service");
        using var http = new HttpClient();
        using var post = await http.PostAsync($"http://127.0.0.1:{server.OnvifPort}/onvif/cam1/ptz-state",
            new ByteArrayContent(Encoding.UTF8.GetBytes("{}")) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } });

        Assert.That(get.StatusCode, Is.EqualTo(HttpStatusCode.MethodNotAllowed));
        Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.MethodNotAllowed));
        Assert.That(new[] { thirdCamera.StatusCode, leadingZero.StatusCode, other.StatusCode }, Is.All.EqualTo(HttpStatusCode.NotFound));
    }
}
