using System.Net;
using static VmsServices.SimCamera.Tests.Onvif.SoapClient;

namespace VmsServices.SimCamera.Tests.Onvif;

public class DeviceServiceTests
{
    [Test]
    public async Task GetSystemDateAndTime_reports_the_device_clock_in_utc()
    {
        await using var server = await OnvifServer.StartAsync(o => o.TimeProvider = ManualClock.StartingAt2030());
        using var soap = new SoapClient();
        var response = await soap.CallAsync(server.GetDeviceServiceUrl(1), "<tds:GetSystemDateAndTime/>");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.ContentType?.MediaType, Is.EqualTo("application/soap+xml"));
        var utc = response.Body.Element(Tds + "SystemDateAndTime")!.Element(Tt + "UTCDateTime")!;
        var time = utc.Element(Tt + "Time")!;
        var date = utc.Element(Tt + "Date")!;
        Assert.That(new[] { date.Element(Tt + "Year")!.Value, date.Element(Tt + "Month")!.Value, date.Element(Tt + "Day")!.Value }, Is.EqualTo(new[] { "2030", "5", "6" }));
        Assert.That(new[] { time.Element(Tt + "Hour")!.Value, time.Element(Tt + "Minute")!.Value, time.Element(Tt + "Second")!.Value }, Is.EqualTo(new[] { "7", "8", "9" }));
    }

    [TestCase(OnvifAuthMode.UsernameToken)]
    [TestCase(OnvifAuthMode.HttpDigest)]
    public async Task GetSystemDateAndTime_is_answered_without_credentials(OnvifAuthMode mode)
    {
        await using var server = await OnvifServer.StartAsync(o =>
        {
            OnvifServer.WithCredentials(o);
            o.OnvifAuth = mode;
        });
        using var soap = new SoapClient();
        var clock = await soap.CallAsync(server.GetDeviceServiceUrl(1), "<tds:GetSystemDateAndTime/>");
        var other = await soap.CallAsync(server.GetDeviceServiceUrl(1), "<tds:GetDeviceInformation/>");

        Assert.That(clock.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(other.FaultCodes, Is.EqualTo(new[] { "env:Sender", "ter:NotAuthorized" }), "everything else needs them");
    }

    [Test]
    public async Task GetDeviceInformation_gives_each_mount_its_own_serial_number()
    {
        await using var server = await OnvifServer.StartAsync();
        using var soap = new SoapClient();
        var first = (await soap.CallAsync(server.GetDeviceServiceUrl(1), "<tds:GetDeviceInformation/>")).Body;
        var second = (await soap.CallAsync(server.GetDeviceServiceUrl(2), "<tds:GetDeviceInformation/>")).Body;

        Assert.That(first.Element(Tds + "Manufacturer")!.Value, Is.EqualTo("VmsServices"));
        Assert.That(first.Element(Tds + "Model")!.Value, Is.EqualTo("SimCamera"));
        Assert.That(first.Element(Tds + "FirmwareVersion")!.Value, Is.Not.Empty);
        Assert.That(first.Element(Tds + "SerialNumber")!.Value, Is.EqualTo(server.GetSerialNumber(1)));
        Assert.That(second.Element(Tds + "SerialNumber")!.Value, Is.EqualTo(server.GetSerialNumber(2)).And.Not.EqualTo(server.GetSerialNumber(1)));
    }

    [Test]
    public async Task GetCapabilities_points_at_the_services_of_the_same_mount()
    {
        await using var server = await OnvifServer.StartAsync();
        using var soap = new SoapClient();
        var capabilities = (await soap.CallAsync(server.GetDeviceServiceUrl(2), "<tds:GetCapabilities><tds:Category>All</tds:Category></tds:GetCapabilities>"))
            .Body.Element(Tds + "Capabilities")!;

        Assert.That(capabilities.Element(Tt + "Device")!.Element(Tt + "XAddr")!.Value, Is.EqualTo(server.ServiceUrl(2, "device_service")));
        Assert.That(capabilities.Element(Tt + "Media")!.Element(Tt + "XAddr")!.Value, Is.EqualTo(server.ServiceUrl(2, "media_service")));
        Assert.That(capabilities.Element(Tt + "PTZ")!.Element(Tt + "XAddr")!.Value, Is.EqualTo(server.ServiceUrl(2, "ptz_service")));
        Assert.That(capabilities.Element(Tt + "Media")!.Element(Tt + "StreamingCapabilities")!.Element(Tt + "RTP_RTSP_TCP")!.Value, Is.EqualTo("true"));

        var media = (await soap.CallAsync(server.GetDeviceServiceUrl(2), "<tds:GetCapabilities><tds:Category>Media</tds:Category></tds:GetCapabilities>"))
            .Body.Element(Tds + "Capabilities")!;
        Assert.That(media.Elements().Select(e => e.Name.LocalName), Is.EqualTo(new[] { "Media" }));
    }

    [Test]
    public async Task GetCapabilities_of_an_unserved_category_is_ActionNotSupported()
    {
        await using var server = await OnvifServer.StartAsync();
        using var soap = new SoapClient();
        var response = await soap.CallAsync(server.GetDeviceServiceUrl(1), "<tds:GetCapabilities><tds:Category>Events</tds:Category></tds:GetCapabilities>");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(response.FaultCodes, Is.EqualTo(new[] { "env:Receiver", "ter:ActionNotSupported", "ter:NoSuchService" }));
    }

    [Test]
    public async Task GetServices_lists_device_media_and_ptz_with_their_capabilities_on_request()
    {
        await using var server = await OnvifServer.StartAsync(o => o.OnvifAuth = OnvifAuthMode.HttpDigest);
        using var soap = new SoapClient();
        var bare = (await soap.CallAsync(server.GetDeviceServiceUrl(1), "<tds:GetServices><tds:IncludeCapability>false</tds:IncludeCapability></tds:GetServices>")).Body;
        var full = (await soap.CallAsync(server.GetDeviceServiceUrl(1), "<tds:GetServices><tds:IncludeCapability>true</tds:IncludeCapability></tds:GetServices>")).Body;

        var services = bare.Elements(Tds + "Service").ToDictionary(s => s.Element(Tds + "Namespace")!.Value, s => s.Element(Tds + "XAddr")!.Value);
        Assert.That(services, Is.EqualTo(new Dictionary<string, string>
        {
            [Tds.NamespaceName] = server.ServiceUrl(1, "device_service"),
            [Trt.NamespaceName] = server.ServiceUrl(1, "media_service"),
            [Tptz.NamespaceName] = server.ServiceUrl(1, "ptz_service"),
        }));
        Assert.That(bare.Elements(Tds + "Service").All(s => s.Element(Tds + "Capabilities") is null && s.Element(Tds + "Version") is not null), Is.True);

        var security = full.Descendants(Tds + "Security").Single();
        Assert.That((string?)security.Attribute("HttpDigest"), Is.EqualTo("true"), "the configured auth mode is announced");
        Assert.That((string?)security.Attribute("UsernameToken"), Is.EqualTo("false"));
        Assert.That((string?)full.Descendants(Trt + "Capabilities").Single().Attribute("SnapshotUri"), Is.EqualTo("true"));
        Assert.That(full.Descendants(Tptz + "Capabilities").Count(), Is.EqualTo(1));
    }

    [Test]
    public async Task GetScopes_lists_the_fixed_scopes_of_the_mount()
    {
        await using var server = await OnvifServer.StartAsync();
        using var soap = new SoapClient();
        var scopes = (await soap.CallAsync(server.GetDeviceServiceUrl(2), "<tds:GetScopes/>")).Body.Elements(Tds + "Scopes").ToList();

        Assert.That(scopes.Select(s => s.Element(Tt + "ScopeItem")!.Value), Is.EquivalentTo(new[]
        {
            "onvif://www.onvif.org/type/video_encoder",
            "onvif://www.onvif.org/name/SimCamera%20cam2",
            "onvif://www.onvif.org/hardware/SimCamera",
            "onvif://www.onvif.org/location/lab",
        }));
        Assert.That(scopes.Select(s => s.Element(Tt + "ScopeDef")!.Value).Distinct(), Is.EqualTo(new[] { "Fixed" }));
    }
}
