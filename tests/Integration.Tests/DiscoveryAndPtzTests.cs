using System.Net;
using System.Net.Http.Json;
using VmsServices.Integration.Tests.Infrastructure;
using VmsServices.TestSupport;

namespace VmsServices.Integration.Tests;

/// <summary>
/// Seed 001's cameras that announce themselves, over real processes: the simulated camera's ONVIF face
/// is found by a directed WS-Discovery probe on loopback, attached to the least-loaded recording server,
/// recorded there, recognised as the same device when attached again, and steered (PTZ) through its
/// current recording server.
/// </summary>
[Category("Integration")]
public sealed class DiscoveryAndPtzTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private sealed record Discovered(string EndpointReference, string? Name, List<string> DeviceServiceUrls, string? AttachedDeviceId);
    private sealed record DeviceRow(string Id, string Name, string StreamUrl, string? Address, string? CredentialsRef);
    private sealed record DeviceConfig(DeviceRow Device);
    private sealed record Attached(DeviceConfig Device, bool AlreadyKnown);
    private sealed record Ptz(double Pan, double Tilt, double Zoom, bool PanTiltMoving, long ContinuousMoves, long Stops);

    [Test]
    public async Task A_camera_found_by_a_directed_probe_is_attached_to_the_least_loaded_server_recorded_and_steered_through_it()
    {
        await using var cluster = await ServiceCluster.CreateAsync();
        var scratch = RepoPaths.NewScratchDirectory("discovery");
        var (onvifPort, discoveryPort) = (Ports.Free(), Ports.FreeUdp());
        var (camera, rtspPort) = await CameraPeers.StartSimulatedAsync(scratch, 2, "--small", "--onvif-port", onvifPort.ToString(), "--discovery-port", discoveryPort.ToString());
        try
        {
            await cluster.StartManagementAsync();
            var recA = (await cluster.StartRecorderAsync("rec-a")).Client;
            var recB = (await cluster.StartRecorderAsync("rec-b")).Client;
            await Eventually.Get(() => cluster.Management.ServerStatusAsync(), s => s.Count(x => x.State == "online") == 2, Patience, "both servers online");
            await cluster.Management.AddDeviceAsync("busy", "rec-a", $"rtsp://127.0.0.1:{rtspPort}/cam2"); // rec-a is the loaded one
            var http = cluster.Management.Http;

            var probe = await http.PostAsJsonAsync("/api/discovery/probe", new { address = $"127.0.0.1:{discoveryPort}" });
            Assert.That(probe.StatusCode, Is.EqualTo(HttpStatusCode.OK), await probe.Content.ReadAsStringAsync());
            var found = (await probe.Content.ReadFromJsonAsync<List<Discovered>>())!;
            Assert.That(found, Has.Count.EqualTo(2), "one ONVIF device per mount");
            var cam1 = found.Single(c => c.DeviceServiceUrls.Single().Contains("/cam1/"));
            Assert.That((await http.GetFromJsonAsync<List<Discovered>>("/api/discovery"))!, Has.Count.EqualTo(2));

            var attach = await http.PostAsJsonAsync("/api/discovery/attach", new { endpointReference = cam1.EndpointReference });
            Assert.That(attach.StatusCode, Is.EqualTo(HttpStatusCode.Created), await attach.Content.ReadAsStringAsync());
            var device = (await attach.Content.ReadFromJsonAsync<Attached>())!.Device.Device;
            Assert.That(device.StreamUrl, Is.EqualTo($"rtsp://127.0.0.1:{rtspPort}/cam1"), "GetStreamUri's answer");
            Assert.That(device.Address, Is.EqualTo(cam1.DeviceServiceUrls.Single()));
            Assert.That((await cluster.Management.CurrentServersAsync())[device.Id], Is.EqualTo("rec-b"), "the least-loaded server");
            await Eventually.Get(() => recB.LocalSegmentsAsync(device.Id), s => s.Count >= 1, Patience, "the attached camera recorded on rec-b");

            var again = await http.PostAsJsonAsync("/api/discovery/attach", new { endpointReference = cam1.EndpointReference });
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await again.Content.ReadFromJsonAsync<Attached>())!.AlreadyKnown, Is.True, "the same camera is the same device");
            var byUrl = await http.PostAsJsonAsync("/api/discovery/attach", new { deviceServiceUrl = cam1.DeviceServiceUrls.Single() });
            Assert.That(byUrl.StatusCode, Is.EqualTo(HttpStatusCode.OK), "reached by its URL, it is still the same camera (serial number)");
            Assert.That((await byUrl.Content.ReadFromJsonAsync<Attached>())!.Device.Device.Id, Is.EqualTo(device.Id));

            // PTZ through the current recording server reaches the camera; the other server refuses to relay.
            var move = await recB.Http.PostAsJsonAsync($"/api/devices/{device.Id}/ptz/move", new { pan = 0.5, tilt = -0.25 });
            Assert.That(move.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await move.Content.ReadAsStringAsync());
            using var cameraHttp = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{onvifPort}") };
            var state = (await cameraHttp.GetFromJsonAsync<Ptz>("/onvif/cam1/ptz-state"))!;
            Assert.That(state.ContinuousMoves, Is.EqualTo(1));
            Assert.That(state.PanTiltMoving, Is.True);
            Assert.That((await recB.Http.PostAsync($"/api/devices/{device.Id}/ptz/stop", null)).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That((await cameraHttp.GetFromJsonAsync<Ptz>("/onvif/cam1/ptz-state"))!.Stops, Is.EqualTo(1));
            Assert.That((await recA.Http.PostAsJsonAsync($"/api/devices/{device.Id}/ptz/move", new { pan = 0.5 })).StatusCode, Is.EqualTo(HttpStatusCode.NotFound),
                "rec-a does not even know the device");
            Assert.That((await recB.Http.PostAsJsonAsync($"/api/devices/{device.Id}/ptz/move", new { pan = 7 })).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));

            // Bad input: an address that is not one, a multicast target, an unknown endpoint reference.
            Assert.That((await http.PostAsJsonAsync("/api/discovery/probe", new { address = "not-an-address" })).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((await http.PostAsJsonAsync("/api/discovery/probe", new { address = "239.255.255.250:3702" })).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((await http.PostAsJsonAsync("/api/discovery/attach", new { endpointReference = "urn:uuid:nobody" })).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

            // Removing the device puts the camera back among those waiting for an attach.
            Assert.That((await http.DeleteAsync($"/api/devices/{device.Id}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            var waiting = (await http.GetFromJsonAsync<List<Discovered>>("/api/discovery"))!;
            Assert.That(waiting.Single(c => c.EndpointReference == cam1.EndpointReference).AttachedDeviceId, Is.Null);
        }
        finally
        {
            await camera.DisposeAsync();
            Directory.Delete(scratch, true);
        }
    }
    [Test]
    public async Task A_camera_that_announces_itself_is_attached_automatically_and_a_bye_removes_it_from_discovery()
    {
        await using var cluster = await ServiceCluster.CreateAsync();
        var scratch = RepoPaths.NewScratchDirectory("hello");
        var listen = Ports.FreeUdp();
        cluster.ManagementSettings.AddRange([$"--Management:Discovery:ListenEndpoint=127.0.0.1:{listen}", "--Management:Discovery:AutoAttach=true"]);
        await cluster.StartManagementAsync();
        var recA = (await cluster.StartRecorderAsync("rec-a")).Client;
        await Eventually.Get(() => cluster.Management.ServerStatusAsync(), s => s.Any(x => x.State == "online"), Patience, "rec-a online");

        var (camera, rtspPort) = await CameraPeers.StartSimulatedAsync(scratch, 1, "--small", "--onvif-port", Ports.Free().ToString(),
            "--discovery-port", Ports.FreeUdp().ToString(), "--announce-to", $"127.0.0.1:{listen}");
        try
        {
            var discovered = await Eventually.Get(() => cluster.Management.Http.GetFromJsonAsync<List<Discovered>>("/api/discovery")!,
                d => d.Count == 1 && d[0].AttachedDeviceId is not null, Patience, "the announced camera attached");
            var deviceId = discovered[0].AttachedDeviceId!;
            Assert.That((await cluster.Management.CurrentServersAsync())[deviceId], Is.EqualTo("rec-a"));
            await Eventually.Get(() => recA.LocalSegmentsAsync(deviceId), s => s.Count >= 1, Patience, "recorded");

            Assert.That(await camera.StopGracefullyAsync(TimeSpan.FromSeconds(20)), Is.True, "the camera stops on SIGTERM and says Bye");
            await Eventually.Get(() => cluster.Management.Http.GetFromJsonAsync<List<Discovered>>("/api/discovery")!, d => d.Count == 0, Patience, "Bye removes it");
            Assert.That((await cluster.Management.CurrentServersAsync()).ContainsKey(deviceId), Is.True, "the device stays registered");
        }
        finally
        {
            await camera.DisposeAsync();
            Directory.Delete(scratch, true);
        }
    }
}