using System.Net;
using System.Net.Http.Json;
using System.Text;
using VmsServices.Integration.Tests.Infrastructure;
using VmsServices.TestSupport;

namespace VmsServices.Integration.Tests;

/// <summary>
/// Hostile and malformed requests against a real management process (Kestrel, embedded default):
/// each gets a 4xx with a reason, and none writes anything.
/// </summary>
[Category("Integration")]
public sealed class ManagementApiBadInputTests
{
    private ServiceProcess _process = null!;
    private ServiceClient _api = null!;
    private string _scratch = null!;

    [OneTimeSetUp]
    public async Task StartManagement()
    {
        _scratch = RepoPaths.NewScratchDirectory("badinput");
        _api = new ServiceClient($"http://127.0.0.1:{Ports.Free()}");
        _process = ServiceProcess.Start("management", RepoPaths.ServiceDll("Management.Service", "VmsServices.Management"), _scratch,
            ["--urls", _api.BaseUrl, $"--Management:Database:ConnectionString={Path.Combine(_scratch, "m.db")}", TestAuth.BootstrapArgument]);
        await Eventually.Get(_api.IsReadyAsync, ready => ready, TimeSpan.FromSeconds(60), "management to start");
        await _api.SignInAsync();
        await _api.AddServerAsync("rec-a", "http://127.0.0.1:6001");
        await _api.AddDeviceAsync("cam-1", "rec-a");
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _process.DisposeAsync();
        _api.Dispose();
        Directory.Delete(_scratch, true);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static IEnumerable<TestCaseData> BadRequests()
    {
        yield return new TestCaseData("POST", "/api/devices", "{\"id\":\"cam-2\",", HttpStatusCode.BadRequest, "JSON").SetName("Truncated JSON");
        yield return new TestCaseData("POST", "/api/devices", "[1,2,3]", HttpStatusCode.BadRequest, "JSON").SetName("JSON of the wrong shape");
        yield return new TestCaseData("POST", "/api/devices", "{\"id\":\"cam-2\",\"name\":\"x\",\"streamUrl\":\"rtsp://h/x\",\"recordingServerId\":\"rec-a\",\"admin\":true}", HttpStatusCode.BadRequest, "admin").SetName("Unknown member");
        yield return new TestCaseData("POST", "/api/devices", "{\"id\":\"../../etc\",\"name\":\"x\",\"streamUrl\":\"rtsp://h/x\",\"recordingServerId\":\"rec-a\"}", HttpStatusCode.BadRequest, "id must be").SetName("Path traversal in an id");
        yield return new TestCaseData("POST", "/api/devices", "{\"id\":\"cam-1\",\"name\":\"x\",\"streamUrl\":\"rtsp://h/x\",\"recordingServerId\":\"rec-a\"}", HttpStatusCode.Conflict, "already registered").SetName("Duplicate device id");
        yield return new TestCaseData("POST", "/api/devices", "{\"id\":\"cam-2\",\"name\":\"x\",\"streamUrl\":\"rtsp://h/x\",\"recordingServerId\":\"rec-zz\"}", HttpStatusCode.NotFound, "rec-zz").SetName("Unknown recording server");
        yield return new TestCaseData("POST", "/api/recording-servers", "{\"id\":\"rec-a\",\"name\":\"A\",\"address\":\"http://127.0.0.1:1\"}", HttpStatusCode.Conflict, "already registered").SetName("Duplicate server id");
        yield return new TestCaseData("GET", "/api/devices/cam-404", null, HttpStatusCode.NotFound, "cam-404").SetName("Unknown device");
        yield return new TestCaseData("DELETE", "/api/devices/cam-404", null, HttpStatusCode.NotFound, "cam-404").SetName("Delete unknown device");
        yield return new TestCaseData("DELETE", "/api/recording-servers/rec-a", null, HttpStatusCode.Conflict, "still has").SetName("Delete a server in use");
        yield return new TestCaseData("GET", "/api/devices/%2e%2e%2fsecrets", null, HttpStatusCode.BadRequest, "not a valid device id").SetName("Encoded traversal in a route");
        yield return new TestCaseData("GET", "/api/configuration-table?recordingServerId=x'%20OR%201=1", null, HttpStatusCode.BadRequest, "not a valid").SetName("SQL in a filter");
    }

    [TestCaseSource(nameof(BadRequests))]
    public async Task Is_refused_with_a_reason_and_writes_nothing(string method, string path, string? body, HttpStatusCode expected, string reason)
    {
        var (versionBefore, tableBefore) = await _api.TableAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = body is null ? null : Json(body) };

        using var response = await _api.Http.SendAsync(request);

        var problem = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(expected), problem);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(problem, Does.Contain(reason));
        var (versionAfter, tableAfter) = await _api.TableAsync();
        Assert.That(versionAfter, Is.EqualTo(versionBefore));
        Assert.That(tableAfter, Is.EqualTo(tableBefore));
    }

    [Test]
    public async Task An_oversized_body_gets_413_and_writes_nothing()
    {
        var (versionBefore, _) = await _api.TableAsync();
        var huge = "{\"id\":\"cam-3\",\"name\":\"" + new string('x', 2_000_000) + "\"}";

        using var response = await _api.Http.PostAsync("/api/devices", Json(huge));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That((await _api.TableAsync()).Version, Is.EqualTo(versionBefore));
    }

    [Test]
    public async Task A_wrong_content_type_is_refused()
    {
        using var response = await _api.Http.PostAsync("/api/devices", new StringContent("<device/>", Encoding.UTF8, "application/xml"));

        Assert.That((int)response.StatusCode, Is.EqualTo(415).Or.EqualTo(400));
    }

    [Test]
    public async Task The_service_still_serves_after_the_abuse()
    {
        using var response = await _api.Http.GetAsync("/openapi/v1.json");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("/api/configuration-table"));
        Assert.That(_process.HasExited, Is.False);
    }
}
