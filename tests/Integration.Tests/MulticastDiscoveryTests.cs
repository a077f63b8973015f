using System.Text.Json;
using VmsServices.TestSupport;

namespace VmsServices.Integration.Tests;

/// <summary>
/// Discovery as a site runs it: the management server probes the WS-Discovery multicast group and
/// attaches what answers. Multicast must never leave this machine, so everything runs inside a private
/// network namespace the test creates (`unshare -n`, loopback only, a multicast route on it): the
/// simulated camera joining the group, and the embedded system (management server + two recording
/// servers) probing it; a script inside reports what the API shows.
/// </summary>
[Category("Integration")]
public sealed class MulticastDiscoveryTests
{
    private const string Script = """
        set -u
        ip link set lo up && ip link set lo multicast on && ip route add 224.0.0.0/4 dev lo || { echo NAMESPACE-SETUP-FAILED; exit 3; }
        dotnet "$CAM_DLL" --port 8554 --cameras 1 --small --quiet --onvif-port 8080 --discovery-port 3702 --discovery-multicast &
        CAM=$!
        dotnet "$DEMO_DLL" --Demo:SimulatedCameras=0 --Demo:DataDirectory="$DATA" --Demo:AdministratorPassword="$ADMIN_PASSWORD" --Management:Discovery:MulticastProbe=true \
            --Management:Discovery:AutoAttach=true --Management:Discovery:ProbeInterval=00:00:02 > "$DATA.log" 2>&1 &
        DEMO=$!
        trap 'kill $CAM $DEMO 2>/dev/null; wait' EXIT
        /usr/bin/python3 - <<'PY'
        import json, os, time, urllib.request
        token = None
        def sign_in():
            body = json.dumps({"userName": "admin", "password": os.environ["ADMIN_PASSWORD"]}).encode()
            request = urllib.request.Request("http://127.0.0.1:5080/api/auth/token", body, {"Content-Type": "application/json"})
            with urllib.request.urlopen(request, timeout=5) as r:
                return json.load(r)["token"]
        def get(path):
            request = urllib.request.Request("http://127.0.0.1:5080" + path, headers={"Authorization": "Bearer " + token})
            with urllib.request.urlopen(request, timeout=5) as r:
                return json.load(r)
        deadline = time.time() + 90
        while time.time() < deadline:
            try:
                token = token or sign_in()
                attached = [c for c in get("/api/discovery") if c.get("attachedDeviceId")]
                if attached:
                    device = attached[0]["attachedDeviceId"]
                    segments = get("/api/devices/%s/segments" % device)
                    if segments:
                        table = get("/api/configuration-table")
                        print("RESULT " + json.dumps({"camera": attached[0], "table": table, "segments": len(segments)}), flush=True)
                        raise SystemExit(0)
            except OSError:
                pass
            time.sleep(1)
        print("TIMEOUT", flush=True)
        raise SystemExit(4)
        PY
        """;

    [Test]
    public async Task A_camera_answering_the_multicast_probe_is_attached_and_recorded_inside_a_private_network_namespace()
    {
        RequireNamespaces();
        var scratch = RepoPaths.NewScratchDirectory("multicast");
        var script = Path.Combine(scratch, "inside.sh");
        await File.WriteAllTextAsync(script, Script);
        await using var inside = ServiceProcess.StartCommand("namespace", "unshare", ["-n", "bash", script], scratch, new Dictionary<string, string>
        {
            ["CAM_DLL"] = RepoPaths.ServiceDll(Path.Combine("tools", "SimCamera"), "VmsServices.SimCamera"),
            ["DEMO_DLL"] = RepoPaths.ServiceDll(Path.Combine("tools", "Demo"), "VmsServices.Demo"),
            ["DATA"] = Path.Combine(scratch, "demo"),
            ["ADMIN_PASSWORD"] = TestAuth.AdministratorPassword,
        });
        var output = await Eventually.Get(() => Task.FromResult(inside.Output), o => o.Contains("RESULT ") || inside.HasExited, TimeSpan.FromSeconds(150), "the script's result");
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal));
        Assert.That(line, Is.Not.Null, $"inside the namespace:\n{output}\n{ReadLog(scratch)}");

        using var result = JsonDocument.Parse(line!["RESULT ".Length..]);
        var camera = result.RootElement.GetProperty("camera");
        var deviceId = camera.GetProperty("attachedDeviceId").GetString();
        Assert.That(camera.GetProperty("deviceServiceUrls")[0].GetString(), Does.Contain("/onvif/cam1/device_service"));
        var rows = result.RootElement.GetProperty("table").GetProperty("entries").EnumerateArray()
            .Where(e => e.GetProperty("deviceId").GetString() == deviceId && e.GetProperty("isCurrent").GetBoolean()).ToList();
        Assert.That(rows, Has.Count.EqualTo(1), "attached to one recording server");
        Assert.That(result.RootElement.GetProperty("segments").GetInt32(), Is.GreaterThan(0), "and recorded there");
        Directory.Delete(scratch, true);
    }

    private static string ReadLog(string scratch) =>
        File.Exists(Path.Combine(scratch, "demo.log")) ? File.ReadAllText(Path.Combine(scratch, "demo.log")) : "";

    /// <summary>Creating a network namespace needs root (CAP_SYS_ADMIN) and iproute2.</summary>
    private static void RequireNamespaces()
    {
        using var probe = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("unshare", "-n true") { RedirectStandardError = true });
        probe!.WaitForExit();
        if (probe.ExitCode != 0 || !File.Exists("/usr/sbin/ip") && !File.Exists("/sbin/ip"))
            Assert.Ignore("Network namespaces cannot be created here (needs root and iproute2); multicast is never sent outside one.");
    }
}
