using System.Net.Sockets;
using System.Text;
using VmsServices.Hosting.Lifetime.Systemd;
using VmsServices.TestSupport;

namespace VmsServices.Operations.Tests;

/// <summary>sd_notify (Type=notify) and the shipped unit files.</summary>
public class SystemdTests
{
    private string _scratch = "";

    [SetUp]
    public void SetUp() => _scratch = RepoPaths.NewScratchDirectory("ops-systemd");

    [TearDown]
    public void TearDown()
    {
        try { Directory.Delete(_scratch, true); } catch (IOException) { }
    }

    private Socket BindNotifySocket(out string path)
    {
        Assume.That(OperatingSystem.IsLinux(), "systemd is Linux only");
        path = Path.Combine(_scratch, "notify.sock");
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        return socket;
    }

    private static async Task<string> ReceiveAsync(Socket socket, TimeSpan timeout)
    {
        var buffer = new byte[4096];
        using var cts = new CancellationTokenSource(timeout);
        var n = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
        return Encoding.UTF8.GetString(buffer, 0, n);
    }

    [Test]
    public async Task Notifier_sends_one_datagram_to_the_notify_socket()
    {
        using var socket = BindNotifySocket(out var path);
        Assert.That(new SystemdNotifier(path).Notify("READY=1"), Is.True);
        Assert.That(await ReceiveAsync(socket, TimeSpan.FromSeconds(5)), Is.EqualTo("READY=1"));
        Assert.That(new SystemdNotifier(null).Notify("READY=1"), Is.False, "no NOTIFY_SOCKET: nothing to do");
    }

    [Test]
    public async Task Management_process_notifies_ready_once_it_serves_and_stopping_on_sigterm()
    {
        using var socket = BindNotifySocket(out var path);
        var url = $"http://127.0.0.1:{Ports.Free()}";
        await using var process = ServiceProcess.Start("management", RepoPaths.ServiceDll("Management.Service", "VmsServices.Management"), _scratch,
            ["--urls", url, $"--Management:Database:ConnectionString={Path.Combine(_scratch, "management.db")}"],
            new Dictionary<string, string> { ["NOTIFY_SOCKET"] = path, ["INVOCATION_ID"] = "0123456789abcdef" });

        var ready = await ReceiveAsync(socket, TimeSpan.FromSeconds(60));
        Assert.That(ready, Does.StartWith("READY=1"), process.Output);
        using (var http = new HttpClient())
        {
            // READY=1 comes after the HTTP server started: it answers at once.
            using var live = await http.GetAsync(url + "/health/live");
            Assert.That((int)live.StatusCode, Is.EqualTo(200), process.Output);
        }

        Assert.That(await process.StopGracefullyAsync(TimeSpan.FromSeconds(30)), Is.True, "stops on SIGTERM, as systemd stops it");
        Assert.That(await ReceiveAsync(socket, TimeSpan.FromSeconds(5)), Does.StartWith("STOPPING=1"));
        Assert.That(process.ExitCode, Is.EqualTo(0), process.Output);
    }

    [Test]
    public async Task Unit_files_pass_systemd_analyze_verify()
    {
        var analyze = OpsTools.Require("systemd-analyze", "systemd");
        // verify checks that ExecStart exists and is executable, and loads sysinit.target & co.:
        // a scratch root with the system's units, our units and stub binaries at /opt/vms/... .
        var root = Path.Combine(_scratch, "root");
        Directory.CreateDirectory(Path.Combine(root, "usr", "lib", "systemd"));
        var copy = await OpsTools.RunAsync("cp", ["-a", "/usr/lib/systemd/system", Path.Combine(root, "usr", "lib", "systemd")]);
        Assert.That(copy.ExitCode, Is.EqualTo(0), copy.Stderr);
        var units = Path.Combine(root, "etc", "systemd", "system");
        Directory.CreateDirectory(units);
        foreach (var unit in Directory.GetFiles(Path.Combine(RepoPaths.Root, "deploy", "systemd"), "*.service"))
            File.Copy(unit, Path.Combine(units, Path.GetFileName(unit)));
        foreach (var (folder, binary) in new[] { ("management", "VmsServices.Management"), ("recording", "VmsServices.Recording") })
        {
            var stub = Path.Combine(root, "opt", "vms", folder, binary);
            Directory.CreateDirectory(Path.GetDirectoryName(stub)!);
            File.WriteAllText(stub, "#!/bin/sh\n");
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(stub, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var (rc, stdout, stderr) = await OpsTools.RunAsync(analyze, ["verify", $"--root={root}", "vms-management.service", "vms-recording@rec-a.service"]);
        Assert.That(rc, Is.EqualTo(0), stdout + stderr);
        // Unknown keys and bad values are only warnings (exit code 0): none may concern our units.
        Assert.That(stderr.Split('\n').Where(l => l.Contains("vms-")), Is.Empty, stderr);
    }

    [TestCase("vms-management.service")]
    [TestCase("vms-recording@.service")]
    public void Unit_files_run_hardened_as_vms_with_notify_and_restart(string unit)
    {
        var lines = File.ReadAllLines(Path.Combine(RepoPaths.Root, "deploy", "systemd", unit)).Select(l => l.Trim()).ToHashSet();
        Assert.That(lines, Is.SupersetOf(new[]
        {
            "Type=notify", "User=vms", "Restart=on-failure", "NoNewPrivileges=yes", "ProtectSystem=strict",
            "ReadWritePaths=/var/lib/vms", "PrivateTmp=yes",
        }));
        Assert.That(lines.Any(l => l.StartsWith("StateDirectory=vms")), Is.True);
        Assert.That(lines.Single(l => l.StartsWith("ExecStart=")), Does.StartWith("ExecStart=/opt/vms/"));
        if (unit.Contains('@')) Assert.That(lines, Does.Contain("Environment=Recording__ServerId=%i"));
    }
}
