using System.Net;
using VmsServices.Integration.Tests.Infrastructure;
using VmsServices.TestSupport;
using static System.Net.HttpStatusCode;
using static VmsServices.Integration.Tests.Infrastructure.RefusalAssert;

namespace VmsServices.Integration.Tests;

/// <summary>
/// Hostile requests to a real recording server's segment, live, PTZ and history endpoints: each gets a
/// 4xx problem with a reason, none changes the server's configuration copy or what it holds, and the
/// server stays ready. Its one device points at a closed loopback port, so nothing is recorded meanwhile.
/// </summary>
[Category("Integration")]
public sealed class RecordingHostileInputTests
{
    private static readonly string LongId = new('a', 500);
    private ServiceCluster _cluster = null!;
    private ServiceClient _recorder = null!;
    private ServiceProcess _process = null!;

    [OneTimeSetUp]
    public async Task StartRecorder()
    {
        _cluster = await ServiceCluster.CreateAsync();
        await _cluster.StartManagementAsync();
        await _cluster.Management.AddServerAsync("rec-a", _cluster.RecorderUrl("rec-a"));
        await _cluster.Management.AddDeviceAsync("cam-1", "rec-a", $"rtsp://127.0.0.1:{Ports.Free()}/none");
        (_process, _recorder) = await _cluster.StartRecorderAsync("rec-a");
        await Eventually.Get(_recorder.CopyAsync, c => c.DeviceIds().Contains("cam-1"), TimeSpan.FromSeconds(60), "rec-a's copy to name cam-1");
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
    }

    private static IEnumerable<TestCaseData> Refusals()
    {
        // GET /api/devices/{id}/segments/{start}
        yield return Case("GET", "/api/devices/..%2F..%2Fetc/segments/0", null, Either(BadRequest), "not a valid device id").SetName("Segment: traversal device id");
        yield return Case("GET", "/api/devices/%2e%2e/segments/0", null, Either(BadRequest, NotFound), null).SetName("Segment: dot-dot device id");
        yield return Case("GET", $"/api/devices/{LongId}/segments/0", null, Either(BadRequest), "not a valid device id").SetName("Segment: 500-character device id");
        yield return Case("GET", "/api/devices/cam-1/segments/abc", null, Either(BadRequest, NotFound), null).SetName("Segment: start not a number");
        yield return Case("GET", "/api/devices/cam-1/segments/99999999999999999999", null, Either(BadRequest, NotFound), null).SetName("Segment: start overflows");
        yield return Case("GET", "/api/devices/cam-1/segments/0?part=../../x", null, Either(BadRequest), "part must be").SetName("Segment: traversal in part");
        yield return Case("GET", "/api/devices/cam-1/segments/0?dataType=../x", null, Either(BadRequest), "dataType must be").SetName("Segment: traversal in dataType");
        yield return Case("GET", "/api/devices/cam-1/segments/0?scope=../x", null, Either(BadRequest), "scope must be").SetName("Segment: hostile scope");
        yield return Case("GET", "/api/devices/cam-1/segments/0?part=init&endUtcMicros=5", null, Either(BadRequest), "needs part=fragment").SetName("Segment: cut without fragment");
        yield return Case("GET", "/api/devices/cam-1/segments/0?scope=local", null, Either(NotFound), "No video segment").SetName("Segment: none at that start");
        // GET /api/devices/{id}/live.mp4
        yield return Case("GET", "/api/devices/..%2F..%2Fetc/live.mp4", null, Either(BadRequest), "Device ids are").SetName("Live: traversal device id");
        yield return Case("GET", $"/api/devices/{LongId}/live.mp4", null, Either(BadRequest), "Device ids are").SetName("Live: 500-character device id");
        yield return Case("GET", "/api/devices/cam-1;DROP%20TABLE/live.mp4", null, Either(BadRequest), "Device ids are").SetName("Live: SQL in the id");
        yield return Case("GET", "/api/devices/cam-404/live.mp4", null, Either(NotFound), "not recorded by this server").SetName("Live: unknown device");
        // POST /api/devices/{id}/ptz/move
        yield return Case("POST", "/api/devices/cam-1/ptz/move", "{\"pan\":NaN}", Either(BadRequest), "JSON").SetName("PTZ: NaN literal");
        yield return Case("POST", "/api/devices/cam-1/ptz/move", "{\"pan\":\"NaN\"}", Either(BadRequest), "between -1 and 1").SetName("PTZ: NaN as a string");
        yield return Case("POST", "/api/devices/cam-1/ptz/move", "{\"tilt\":\"Infinity\"}", Either(BadRequest), "between -1 and 1").SetName("PTZ: Infinity as a string");
        yield return Case("POST", "/api/devices/cam-1/ptz/move", "{\"zoom\":1e400}", Either(BadRequest), null).SetName("PTZ: number beyond double");
        yield return Case("POST", "/api/devices/cam-1/ptz/move", "{\"pan\":1e300}", Either(BadRequest), "between -1 and 1").SetName("PTZ: huge velocity");
        yield return Case("POST", "/api/devices/cam-1/ptz/move", "{\"pan\":0.5,\"timeoutSeconds\":-1}", Either(BadRequest), "timeoutSeconds").SetName("PTZ: negative timeout");
        yield return Case("POST", "/api/devices/cam-1/ptz/move", "{\"pan\":\"left\"}", Either(BadRequest), "JSON").SetName("PTZ: a string velocity");
        yield return Case("POST", "/api/devices/cam-1/ptz/move", "pan=1", Either(BadRequest), "JSON").SetName("PTZ: not JSON");
        yield return Case("POST", "/api/devices/..%2Fx/ptz/move", "{\"pan\":0.5}", Either(BadRequest), "Device ids are").SetName("PTZ: traversal device id");
        yield return Case("POST", "/api/devices/cam-1/ptz/move", "{\"pan\":0.5}", Either(Conflict), "no ONVIF address").SetName("PTZ: device without an ONVIF address");
        // GET /api/devices/{id}/history
        yield return Case("GET", "/api/devices/..%2F..%2Fetc/history", null, Either(BadRequest), "Device ids are").SetName("History: traversal device id");
        yield return Case("GET", $"/api/devices/{LongId}/history", null, Either(BadRequest), "Device ids are").SetName("History: 500-character device id");
        yield return Case("GET", "/api/devices/cam-1/history?fromUtcMicros=abc", null, Either(BadRequest), "fromUtcMicros").SetName("History: from not a number");
        yield return Case("GET", "/api/devices/cam-1/history?limit=99999999999", null, Either(BadRequest), "limit").SetName("History: limit overflows");
    }

    private static TestCaseData Case(string method, string path, string? body, HttpStatusCode[] expected, string? reason) =>
        new(method, path, body, expected, reason);

    [TestCaseSource(nameof(Refusals))]
    public async Task Is_refused_with_a_reason_and_writes_nothing(string method, string path, string? body, HttpStatusCode[] expected, string? reason)
    {
        var before = await StateAsync();

        await IsRefusedAsync(_recorder.Http, method, path, body, expected, reason);

        Assert.That(await StateAsync(), Is.EqualTo(before));
    }

    // Out-of-range limits are clamped to 1..SegmentsApi.MaxLimit, as the segment list does: an answer, not a crash.
    [TestCase("-1")]
    [TestCase("1000000000")]
    public async Task An_out_of_range_history_limit_is_clamped(string limit)
    {
        using var response = await _recorder.Http.GetAsync($"/api/devices/cam-1/history?limit={limit}");

        Assert.That(response.StatusCode, Is.EqualTo(OK), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Z_the_server_is_still_ready_after_the_abuse()
    {
        Assert.That(await _recorder.IsReadyAsync(), Is.True);
        Assert.That(_process.HasExited, Is.False);
    }

    /// <summary>What a refused request must leave alone: the configuration copy and what this server holds of cam-1.</summary>
    private async Task<string> StateAsync()
    {
        var copy = await _recorder.Http.GetStringAsync("/api/configuration-copy");
        var held = await _recorder.LocalSegmentsAsync("cam-1");
        return $"{copy}\nsegments {held.Count}";
    }
}
