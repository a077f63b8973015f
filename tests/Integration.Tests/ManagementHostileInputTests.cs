using System.Net;
using System.Text;
using VmsServices.Integration.Tests.Infrastructure;
using static System.Net.HttpStatusCode;
using static VmsServices.Integration.Tests.Infrastructure.RefusalAssert;

namespace VmsServices.Integration.Tests;

/// <summary>
/// Hostile requests to the newer management endpoints (discovery, attach, credentials, history, failed
/// messages, moves, oversized headers), against one real management server on RabbitMQ and PostgreSQL:
/// each gets a 4xx (or 501) problem with a reason, none changes the configuration table, the device
/// list, the credentials list or the discovered cameras, and the server stays ready. No request here
/// leaves the loopback interface: every address that is not 127.0.0.1 is refused before anything is sent.
/// </summary>
[Category("Integration")]
public sealed class ManagementHostileInputTests
{
    private static readonly string LongId = new('a', 500);
    private ServiceCluster _cluster = null!;
    private HttpClient Http => _cluster.Management.Http;

    [OneTimeSetUp]
    public async Task StartManagement()
    {
        _cluster = await ServiceCluster.CreateAsync();
        await _cluster.StartManagementAsync();
        await _cluster.Management.AddServerAsync("rec-a", _cluster.RecorderUrl("rec-a"));
        await _cluster.Management.AddDeviceAsync("cam-1", "rec-a", credentialsRef: "cam-secret");
        await _cluster.Management.PutCredentialsAsync("cam-secret", "viewer", "s3cret");
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
    }

    private static IEnumerable<TestCaseData> Refusals()
    {
        // POST /api/discovery/probe
        yield return Case("POST", "/api/discovery/probe", "address=127.0.0.1", Either(BadRequest, UnsupportedMediaType), null).SetName("Probe: not JSON");
        yield return Case("POST", "/api/discovery/probe", "{}", Either(BadRequest), "address").SetName("Probe: no address");
        yield return Case("POST", "/api/discovery/probe", "{\"address\":\"127.0.0.1:99999\"}", Either(BadRequest), "not an address:port").SetName("Probe: port out of range");
        yield return Case("POST", "/api/discovery/probe", "{\"address\":\"../../etc\"}", Either(BadRequest), "not an address:port").SetName("Probe: a path");
        yield return Case("POST", "/api/discovery/probe", "{\"address\":\"239.255.255.250:3702\"}", Either(BadRequest), "multicast").SetName("Probe: IPv4 multicast");
        yield return Case("POST", "/api/discovery/probe", "{\"address\":\"[ff02::c]:3702\"}", Either(BadRequest), "multicast").SetName("Probe: IPv6 multicast");
        yield return Case("POST", "/api/discovery/probe", "{\"address\":\"255.255.255.255:3702\"}", Either(BadRequest), "broadcast").SetName("Probe: broadcast");
        yield return Case("POST", "/api/discovery/probe", "{\"address\":\"camera.example:3702\"}", Either(BadRequest), "not an address:port").SetName("Probe: a host name");
        // POST /api/discovery/attach
        yield return Case("POST", "/api/discovery/attach", "{}", Either(BadRequest), "endpointReference").SetName("Attach: neither reference nor URL");
        yield return Case("POST", "/api/discovery/attach", "{\"endpointReference\":\"urn:uuid:1\",\"deviceServiceUrl\":\"http://127.0.0.1:1/onvif/device_service\"}", Either(BadRequest), "not both").SetName("Attach: both reference and URL");
        yield return Case("POST", "/api/discovery/attach", "{\"deviceServiceUrl\":\"file:///etc/passwd\"}", Either(BadRequest), "http(s) URL").SetName("Attach: file URL");
        yield return Case("POST", "/api/discovery/attach", "{\"deviceServiceUrl\":\"javascript:alert(1)\"}", Either(BadRequest), "http(s) URL").SetName("Attach: javascript URL");
        yield return Case("POST", "/api/discovery/attach", "{\"deviceServiceUrl\":\"http://admin:pw@127.0.0.1:1/onvif/device_service\"}", Either(BadRequest), "without credentials").SetName("Attach: URL with userinfo");
        yield return Case("POST", "/api/discovery/attach", "{\"deviceServiceUrl\":\"http://127.0.0.1:1/onvif/device_service\",\"id\":\"../x\"}", Either(BadRequest), "id must be").SetName("Attach: traversal in the id");
        yield return Case("POST", "/api/discovery/attach", $"{{\"deviceServiceUrl\":\"http://127.0.0.1:1/onvif/device_service\",\"name\":\"{new string('n', 5000)}\"}}", Either(BadRequest), "name").SetName("Attach: oversized name");
        yield return Case("POST", "/api/discovery/attach", "{\"deviceServiceUrl\":\"http://127.0.0.1:1/onvif/device_service\",\"credentialsRef\":\"../../etc\"}", Either(BadRequest), "credentialsRef").SetName("Attach: traversal in the credentials reference");
        yield return Case("POST", "/api/discovery/attach", "{\"deviceServiceUrl\":\"http://127.0.0.1:1/onvif/device_service\",\"recordingServerId\":\"x' OR 1=1\"}", Either(BadRequest), "recordingServerId").SetName("Attach: SQL in the server id");
        yield return Case("POST", "/api/discovery/attach", "{\"endpointReference\":\"urn:uuid:never-seen\"}", Either(NotFound), "probe again").SetName("Attach: unknown endpoint reference");
        // PUT /api/credentials/{ref}
        yield return Case("PUT", "/api/credentials/..%2F..%2Fetc", "{\"userName\":\"u\",\"password\":\"p\"}", Either(BadRequest), "not a valid credentials id").SetName("Credentials: encoded traversal in the reference");
        yield return Case("PUT", "/api/credentials/cam-2", "{\"userName\":\"\",\"password\":\"p\"}", Either(BadRequest), "userName is required").SetName("Credentials: empty user name");
        yield return Case("PUT", "/api/credentials/cam-2", "{\"userName\":\"u\\u0000\\r\\nX-Injected: 1\",\"password\":\"p\"}", Either(BadRequest), "control characters").SetName("Credentials: control characters in the user name");
        yield return Case("PUT", "/api/credentials/cam-2", "{\"userName\":\"u\",\"password\":\"p\\u0007\"}", Either(BadRequest), "password is required").SetName("Credentials: control characters in the password");
        yield return Case("PUT", "/api/credentials/cam-2", "{\"userName\":\"u\"}", Either(BadRequest), null).SetName("Credentials: no password");
        // GET /api/devices/{id}/history
        yield return Case("GET", "/api/devices/%2e%2e/history", null, Either(BadRequest, NotFound), null).SetName("History: dot-dot id");
        yield return Case("GET", "/api/devices/..%2Fsecrets/history", null, Either(BadRequest), "not a valid device id").SetName("History: encoded traversal id");
        yield return Case("GET", $"/api/devices/{LongId}/history", null, Either(BadRequest), "not a valid device id").SetName("History: 500-character id");
        yield return Case("GET", "/api/devices/cam-1;DROP%20TABLE/history", null, Either(BadRequest), "not a valid device id").SetName("History: SQL in the id");
        // /api/errors/{queue}
        yield return Case("GET", "/api/errors/..%2F..%2Fetc", null, Either(BadRequest), "not an error queue").SetName("Errors: traversal queue name");
        yield return Case("DELETE", "/api/errors/vms-management_error;DROP", null, Either(BadRequest), "not an error queue").SetName("Errors: purge of a hostile name");
        yield return Case("POST", $"/api/errors/{LongId}_error/retry", null, Either(BadRequest), "not an error queue").SetName("Errors: 500-character queue name");
        yield return Case("GET", "/api/errors/vms-management_error/..%2F..", null, Either(BadRequest), "not a valid message id").SetName("Errors: traversal message id");
        // POST /api/devices/{id}/move
        yield return Case("POST", "/api/devices/..%2F..%2Fetc/move", "{\"toRecordingServerId\":\"rec-a\"}", Either(BadRequest), "not a valid device id").SetName("Move: traversal device id");
        yield return Case("POST", $"/api/devices/{LongId}/move", "{\"toRecordingServerId\":\"rec-a\"}", Either(BadRequest), "not a valid device id").SetName("Move: 500-character device id");
        yield return Case("POST", "/api/devices/cam-1/move", "{\"toRecordingServerId\":\"../../etc\"}", Either(BadRequest), "toRecordingServerId must be").SetName("Move: traversal target");
        yield return Case("POST", "/api/devices/cam-1/move", "{\"toRecordingServerId\":null}", Either(BadRequest), "toRecordingServerId").SetName("Move: null target");
        yield return Case("POST", "/api/devices/cam-1/move", "{\"toRecordingServerId\":42}", Either(BadRequest), "JSON").SetName("Move: target of the wrong type");
        yield return Case("POST", "/api/devices/cam-1/move", "[\"rec-a\"]", Either(BadRequest), "JSON").SetName("Move: body of the wrong shape");
        yield return Case("POST", "/api/devices/cam-1/move", "{\"toRecordingServerId\":\"rec-a\",\"force\":true}", Either(BadRequest), "force").SetName("Move: unknown member");
    }

    private static TestCaseData Case(string method, string path, string? body, HttpStatusCode[] expected, string? reason) =>
        new(method, path, body, expected, reason);

    [TestCaseSource(nameof(Refusals))]
    public async Task Is_refused_with_a_reason_and_writes_nothing(string method, string path, string? body, HttpStatusCode[] expected, string? reason)
    {
        var before = await StateAsync();

        await IsRefusedAsync(Http, method, path, body, expected, reason);

        Assert.That(await StateAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task A_credentials_body_of_a_megabyte_gets_413_and_writes_nothing()
    {
        var before = await StateAsync();
        var huge = "{\"userName\":\"u\",\"password\":\"" + new string('x', 1_000_000) + "\"}";

        using var response = await Http.PutAsync("/api/credentials/cam-2", new StringContent(huge, Encoding.UTF8, "application/json"));

        Assert.That(response.StatusCode, Is.EqualTo(RequestEntityTooLarge));
        Assert.That(await StateAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task A_header_of_100_KB_gets_431()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/devices");
        request.Headers.TryAddWithoutValidation("X-Filler", new string('h', 100 * 1024));

        using var response = await Http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(RequestHeaderFieldsTooLarge));
    }

    [Test]
    public async Task A_thousand_headers_get_431()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/devices");
        for (var i = 0; i < 1000; i++) request.Headers.TryAddWithoutValidation($"X-Filler-{i}", "h");

        using var response = await Http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(RequestHeaderFieldsTooLarge));
    }

    // Named to run last (NUnit orders a fixture's tests by name): the server survived all of the above.
    [Test]
    public async Task Z_the_server_is_still_ready_after_the_abuse()
    {
        using var response = await Http.GetAsync("/health/ready");
        Assert.That(response.StatusCode, Is.EqualTo(OK));
        Assert.That(_cluster.ManagementProcess!.HasExited, Is.False);
    }

    /// <summary>Everything a refused request must leave alone, as the API shows it.</summary>
    private async Task<string> StateAsync()
    {
        var (version, entries) = await _cluster.Management.TableAsync();
        var parts = new List<string> { $"version {version}", string.Join("|", entries) };
        foreach (var path in new[] { "/api/devices", "/api/credentials", "/api/discovery" })
            parts.Add(await Http.GetStringAsync(path));
        return string.Join("\n", parts);
    }
}
