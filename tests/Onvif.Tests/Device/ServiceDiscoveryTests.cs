using Microsoft.AspNetCore.Http;
using VmsServices.Onvif.Device;
using VmsServices.Onvif.Tests.Support;

namespace VmsServices.Onvif.Tests.Device;

/// <summary>How the client finds the media and PTZ services: GetCapabilities, GetServices, and what it does when they fail.</summary>
public class ServiceDiscoveryTests
{
    [Test]
    public async Task GetServices_is_asked_when_GetCapabilities_is_a_soap11_fault()
    {
        await using CameraSession session = await CameraSession.StartAsync(Samples.Dahua);

        OnvifServiceAddresses services = await session.Device.GetServiceAddressesAsync();

        RecordedRequest[] queries = session.Camera.Requests.Where(r => r.Operation.StartsWith("Get") && r.Operation != "GetSystemDateAndTime").ToArray();
        Assert.That(queries.Select(r => (r.Operation, r.Status)), Is.EqualTo(new[] { ("GetCapabilities", 500), ("GetServices", 200) }));
        Assert.That(services.Media, Is.EqualTo(new Uri(session.Camera.BaseUrl, "/onvif/media_service")));
    }

    [Test]
    public async Task Capabilities_without_ptz_are_completed_from_GetServices()
    {
        await using CameraSession session = await CameraSession.StartAsync(Samples.Axis);

        OnvifServiceAddresses services = await session.Device.GetServiceAddressesAsync();

        Assert.That(services.Ptz, Is.EqualTo(new Uri(session.Camera.BaseUrl, "/onvif/services")));
    }

    [Test]
    public async Task Media2_only_device_is_spoken_to_in_ver20()
    {
        await using CameraSession session = await CameraSession.StartAsync(Samples.DigestOnly);

        await session.Device.GetProfilesAsync();
        await session.Device.GetStreamUriAsync("Profile000");

        RecordedRequest[] media = session.Answered.Where(r => r.Path == "/onvif/Media2").ToArray();
        Assert.That(media.Select(r => r.Service.NamespaceName), Is.All.EqualTo("http://www.onvif.org/ver20/media/wsdl"));
        Assert.That(media.Select(r => r.BodyContent!.Value), Is.EqualTo(new[] { "All", "RtspUnicastProfile000" }));
    }

    [Test]
    public async Task Service_addresses_are_asked_for_once()
    {
        await using CameraSession session = await CameraSession.StartAsync(Samples.Hikvision);

        await session.Device.GetProfilesAsync();
        await session.Device.GetStreamUriAsync("Profile_1");
        await session.Device.StopAsync("Profile_1");

        Assert.That(session.Camera.Requests.Count(r => r.Operation == "GetCapabilities"), Is.EqualTo(1));
    }

    [Test]
    public async Task Device_without_a_media_service_is_reported_as_not_supported()
    {
        // The DigestOnly sample's capabilities name neither media nor PTZ; without GetServices nothing is left.
        CameraBehaviour behaviour = CameraBehaviour.For(Samples.DigestOnly) with { Intercept = NotFoundFor("GetServices") };
        await using CameraSession session = await CameraSession.StartAsync(behaviour);

        var media = Assert.ThrowsAsync<OnvifException>(() => session.Device.GetProfilesAsync());
        var ptz = Assert.ThrowsAsync<OnvifException>(() => session.Device.StopAsync("Profile000"));

        Assert.That((media!.Kind, media.FaultCode), Is.EqualTo((OnvifErrorKind.Fault, "NotSupported")));
        Assert.That(media.Message, Does.Contain("no media service"));
        Assert.That(ptz!.Message, Does.Contain("no PTZ service"));
    }

    [Test]
    public async Task When_both_queries_fail_the_error_tells_both()
    {
        CameraBehaviour behaviour = CameraBehaviour.For(Samples.Dahua) with { Intercept = NotFoundFor("GetServices") };
        await using CameraSession session = await CameraSession.StartAsync(behaviour);

        var error = Assert.ThrowsAsync<OnvifException>(() => session.Device.GetServiceAddressesAsync());

        Assert.That(error!.FaultCode, Is.EqualTo("HTTP 404"));
        Assert.That(error.Message, Does.StartWith("GetCapabilities failed (GetCapabilities at ").And.Contain("GetServices at "));
    }

    [Test]
    public async Task Addresses_are_used_as_reported_when_rewriting_is_off()
    {
        await using CameraSession session = await CameraSession.StartAsync(CameraBehaviour.For(Samples.Hikvision),
            options: new OnvifClientOptions { RewriteServiceAddressesToDeviceHost = false, Timeout = TimeSpan.FromSeconds(30) });

        OnvifServiceAddresses services = await session.Device.GetServiceAddressesAsync();

        Assert.That(services.Media, Is.EqualTo(new Uri("http://192.0.2.64/onvif/Media")));
    }

    [TestCase("http://192.0.2.64/onvif/Media", "http://127.0.0.1:8080/onvif/device_service", "http://127.0.0.1:8080/onvif/Media")]
    [TestCase("https://198.51.100.5:8443/onvif/ptz?x=1", "http://cam.example:80/onvif/device_service", "http://cam.example/onvif/ptz?x=1")]
    [TestCase("http://192.0.2.64/onvif/Media", "http://[::1]:8000/onvif/device_service", "http://[::1]:8000/onvif/Media")]
    [TestCase("http://127.0.0.1:81/onvif/Media", "http://127.0.0.1:80/onvif/device_service", "http://127.0.0.1:81/onvif/Media")]
    public void Service_address_is_moved_to_the_device_host_only_when_the_host_differs(string reported, string device, string expected)
    {
        Uri? moved = ServiceAddressParser.MoveToDeviceHost(new Uri(reported), new Uri(device));

        Assert.That(moved, Is.EqualTo(new Uri(expected)));
    }

    private static Func<HttpContext, string, Task<bool>> NotFoundFor(string operation) => (context, op) =>
    {
        if (op != operation)
            return Task.FromResult(false);
        context.Response.StatusCode = 404;
        return Task.FromResult(true);
    };
}
