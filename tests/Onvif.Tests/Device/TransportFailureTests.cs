using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Http;
using VmsServices.Onvif.Tests.Support;

namespace VmsServices.Onvif.Tests.Device;

/// <summary>What a broken, slow, hostile or absent device does to a call: always an OnvifException of the right kind.</summary>
public class TransportFailureTests
{
    private const string Envelope12 = "http://www.w3.org/2003/05/soap-envelope";

    [Test]
    public async Task Device_that_never_answers_is_a_Timeout()
    {
        await using FakeCamera camera = await StartAnsweringAsync(HangUntilAbandoned);
        using var device = new OnvifDevice(camera.DeviceServiceUrl, options: new OnvifClientOptions { Timeout = TimeSpan.FromMilliseconds(300) });

        var error = Assert.ThrowsAsync<OnvifException>(() => device.GetDeviceInformationAsync());

        Assert.That(error!.Kind, Is.EqualTo(OnvifErrorKind.Timeout));
        Assert.That(error.Message, Does.Contain("no answer within 0.3 s"));
    }

    [Test]
    public async Task Caller_cancellation_is_an_OperationCanceledException_not_a_Timeout()
    {
        await using FakeCamera camera = await StartAnsweringAsync(HangUntilAbandoned);
        using var device = new OnvifDevice(camera.DeviceServiceUrl);
        using var cts = new CancellationTokenSource();

        Task call = device.GetDeviceInformationAsync(cts.Token);
        await cts.CancelAsync();

        Assert.That(async () => await call, Throws.InstanceOf<OperationCanceledException>());
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task Response_over_one_MiB_is_refused(bool declaresLength)
    {
        await using FakeCamera camera = await StartAnsweringAsync(async (context, _) =>
        {
            byte[] chunk = Encoding.ASCII.GetBytes(new string(' ', 64 * 1024));
            if (declaresLength)
                context.Response.ContentLength = 33 * chunk.Length;
            context.Response.ContentType = "application/soap+xml";
            for (int i = 0; i < 33; i++)
                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
        });
        using var device = new OnvifDevice(camera.DeviceServiceUrl);

        var error = Assert.ThrowsAsync<OnvifException>(() => device.GetDeviceInformationAsync());

        Assert.That(error!.Kind, Is.EqualTo(OnvifErrorKind.Malformed));
        Assert.That(error.Message, Does.Contain("larger than the limit of 1 MiB"));
    }

    [Test]
    public async Task External_entity_is_refused_and_never_fetched()
    {
        FakeCamera? self = null;
        await using FakeCamera camera = await StartAnsweringAsync((context, _) =>
        {
            string secret = new Uri(self!.BaseUrl, "/secret").ToString();
            return WriteSoapAsync(context, $"""
                <?xml version="1.0"?>
                <!DOCTYPE e [ <!ENTITY web SYSTEM "{secret}"> <!ENTITY file SYSTEM "file:///etc/passwd"> ]>
                <e:Envelope xmlns:e="{Envelope12}"><e:Body>
                <tds:GetDeviceInformationResponse xmlns:tds="http://www.onvif.org/ver10/device/wsdl">
                <tds:Manufacturer>&web;&file;</tds:Manufacturer></tds:GetDeviceInformationResponse></e:Body></e:Envelope>
                """);
        });
        self = camera;
        using var device = new OnvifDevice(camera.DeviceServiceUrl);

        var error = Assert.ThrowsAsync<OnvifException>(() => device.GetDeviceInformationAsync());

        Assert.That(error!.Kind, Is.EqualTo(OnvifErrorKind.Malformed));
        Assert.That(error.Message, Does.Contain("DTD"));
        Assert.That(camera.OtherRequests, Is.Empty, "the entity's URL was fetched");
    }

    [Test]
    public async Task Entity_expansion_bomb_is_refused()
    {
        await using FakeCamera camera = await StartAnsweringAsync((context, _) => WriteSoapAsync(context, $"""
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
            <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
            <e:Envelope xmlns:e="{Envelope12}"><e:Body>&lol3;</e:Body></e:Envelope>
            """));
        using var device = new OnvifDevice(camera.DeviceServiceUrl);

        var error = Assert.ThrowsAsync<OnvifException>(() => device.GetDeviceInformationAsync());

        Assert.That(error!.Kind, Is.EqualTo(OnvifErrorKind.Malformed));
    }

    [Test]
    public async Task Deeply_nested_response_is_refused()
    {
        string deep = string.Concat(Enumerable.Repeat("<a>", 5000)) + string.Concat(Enumerable.Repeat("</a>", 5000));
        await using FakeCamera camera = await StartAnsweringAsync((context, _) =>
            WriteSoapAsync(context, $"""<e:Envelope xmlns:e="{Envelope12}"><e:Body>{deep}</e:Body></e:Envelope>"""));
        using var device = new OnvifDevice(camera.DeviceServiceUrl);

        var error = Assert.ThrowsAsync<OnvifException>(() => device.GetDeviceInformationAsync());

        Assert.That(error!.Kind, Is.EqualTo(OnvifErrorKind.Malformed));
        Assert.That(error.Message, Does.Contain("nests deeper than 64"));
    }

    [Test]
    public async Task Http_error_without_a_soap_fault_is_a_fault_with_the_status()
    {
        await using FakeCamera camera = await StartAnsweringAsync(async (context, _) =>
        {
            context.Response.StatusCode = 404;
            await context.Response.WriteAsync("<html><body>Not Found</body></html>");
        });
        using var device = new OnvifDevice(camera.DeviceServiceUrl);

        var error = Assert.ThrowsAsync<OnvifException>(() => device.GetDeviceInformationAsync());

        Assert.That((error!.Kind, error.FaultCode), Is.EqualTo((OnvifErrorKind.Fault, "HTTP 404")));
        Assert.That(error.Message, Does.Contain("answered HTTP 404"));
    }

    [Test]
    public async Task Html_page_with_status_200_is_Malformed()
    {
        await using FakeCamera camera = await StartAnsweringAsync((context, _) => WriteSoapAsync(context, "<html><body>Login</body></html>"));
        using var device = new OnvifDevice(camera.DeviceServiceUrl);

        var error = Assert.ThrowsAsync<OnvifException>(() => device.GetDeviceInformationAsync());

        Assert.That(error!.Kind, Is.EqualTo(OnvifErrorKind.Malformed));
        Assert.That(error.Message, Does.Contain("not a SOAP envelope"));
    }

    [Test]
    public async Task Fault_sent_with_status_200_is_still_a_fault()
    {
        await using FakeCamera camera = await StartAnsweringAsync((context, _) =>
            WriteSoapAsync(context, Samples.Text(Samples.DigestOnly, "Fault-NoProfile")));
        using var device = new OnvifDevice(camera.DeviceServiceUrl);

        var error = Assert.ThrowsAsync<OnvifException>(() => device.GetDeviceInformationAsync());

        Assert.That(error!.Kind, Is.EqualTo(OnvifErrorKind.Fault));
        Assert.That(error.FaultSubcodes, Is.EqualTo(new[] { "InvalidArgVal", "NoProfile" }));
        Assert.That(error.FaultReason, Is.EqualTo("No such profile"));
    }

    [Test]
    public async Task Closed_port_is_Unreachable()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        using var device = new OnvifDevice(new Uri($"http://user:pw-in-url@127.0.0.1:{port}/onvif/device_service"));

        var error = Assert.ThrowsAsync<OnvifException>(() => device.GetDeviceInformationAsync());

        Assert.That(error!.Kind, Is.EqualTo(OnvifErrorKind.Unreachable));
        Assert.That(error.Message, Does.StartWith($"GetDeviceInformation at http://127.0.0.1:{port}/onvif/device_service:"));
        Assert.That(error.Message, Does.Not.Contain("pw-in-url"));
    }

    [Test]
    public void Bad_arguments_are_argument_exceptions()
    {
        Assert.Throws<ArgumentException>(() => new OnvifDevice(new Uri("rtsp://127.0.0.1/")));
        using var device = new OnvifDevice(new Uri("http://127.0.0.1:9/onvif/device_service"));
        Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => device.ContinuousMoveAsync("p", 1.5, 0, 0));
        Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => device.ContinuousMoveAsync("p", double.NaN, 0, 0));
        Assert.ThrowsAsync<ArgumentException>(() => device.GetStreamUriAsync(" "));
    }

    /// <summary>Never answers: waits until the client gives up or the camera stops.</summary>
    private static async Task HangUntilAbandoned(HttpContext context, CancellationToken stopping)
    {
        using var both = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        await Task.Delay(Timeout.Infinite, both.Token).ContinueWith(_ => { });
    }

    /// <summary>A camera whose every answer (after no authentication) comes from <paramref name="respond"/>.</summary>
    private static Task<FakeCamera> StartAnsweringAsync(Func<HttpContext, CancellationToken, Task> respond)
    {
        FakeCamera? camera = null;
        var behaviour = new CameraBehaviour
        {
            Vendor = Samples.Hikvision,
            RequireUsernameToken = false,
            Intercept = async (context, _) =>
            {
                await respond(context, camera!.Stopping);
                return true;
            },
        };
        return StartAndRemember();

        async Task<FakeCamera> StartAndRemember() => camera = await FakeCamera.StartAsync(behaviour);
    }

    private static Task WriteSoapAsync(HttpContext context, string body)
    {
        context.Response.ContentType = "application/soap+xml; charset=utf-8";
        return context.Response.WriteAsync(body);
    }
}
