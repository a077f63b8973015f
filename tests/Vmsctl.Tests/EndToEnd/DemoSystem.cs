using System.Text.Json;
using System.Text.RegularExpressions;
using VmsServices.TestSupport;
using VmsServices.Vmsctl.Cli;
using VmsServices.Vmsctl.Commands;
using VmsServices.Vmsctl.Tests.Infrastructure;

namespace VmsServices.Vmsctl.Tests.EndToEnd;

/// <summary>
/// One running system for every end-to-end test: the embedded demo (management, rec-a, rec-b, and
/// simulated ONVIF cameras: cam-1 on rec-a and cam-2 on rec-b, attached by the demo, and a third one
/// that discovery finds but nobody attached) as a real process on free ports with its own data
/// folder, started once and stopped by PID, also when starting it fails. Segments are 1 s so
/// recordings exist quickly; moves answer 202 at once, so vmsctl's waiting for a move is what runs.
/// Its administrator has the tests' password; the tests run vmsctl signed in as that administrator
/// (VMS_TOKEN, signed in once) unless they say otherwise.
/// </summary>
[SetUpFixture]
public sealed partial class DemoSystem
{
    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(90);
    private static ServiceProcess? _demo;
    private static string? _data;

    public static string Url { get; private set; } = "";

    /// <summary>cam-2's RTSP stream: the camera the tests' own devices record (the simulated camera serves many sessions).</summary>
    public static string CameraStream { get; private set; } = "";

    /// <summary>Where the simulated cameras' WS-Discovery responder listens ("127.0.0.1:port"), as the demo prints it.</summary>
    public static string DiscoveryAddress { get; private set; } = "";

    /// <summary>The administrator's token, from one sign-in once the demo listens.</summary>
    public static string Token { get; private set; } = "";

    /// <summary>vmsctl in-process against the demo, signed in as the administrator.</summary>
    public static Task<VmsctlResult> RunAsync(params string[] args) => RunAsAsync(Token, args);

    /// <summary>vmsctl in-process against the demo with <paramref name="token"/> in VMS_TOKEN (null: not signed in).</summary>
    public static Task<VmsctlResult> RunAsAsync(string? token, string[] args, string? stdin = null, string? password = null) =>
        VmsctlRunner.RunAsync(["--url", Url, .. args], name => name switch
        {
            GlobalOptions.TokenVariable => token,
            LoginCommand.PasswordVariable => password,
            _ => null,
        }, stdin: stdin);

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _data = RepoPaths.NewScratchDirectory("vmsctl");
        var basePort = Ports.FreeBlock(3); // management, rec-a, rec-b
        Url = $"http://127.0.0.1:{basePort}";
        _demo = ServiceProcess.Start("demo", RepoPaths.ServiceDll(Path.Combine("tools", "Demo"), "VmsServices.Demo"), _data,
        [
            $"--Demo:BasePort={basePort}", $"--Demo:DataDirectory={_data}", "--Demo:CameraPort=0",
            "--Recording:SegmentTargetDuration=00:00:01",
            "--Management:Moves:AcknowledgeTimeout=00:00:00",
            $"--Demo:AdministratorPassword={TestAuth.AdministratorPassword}",
        ]);
        try
        {
            Token = await SignInAsync();
            await WaitForAsync(["--json", "servers", "list"], r => r.Json.GetArrayLength() >= 2, "both recording servers to register");
            var cam2 = await WaitForAsync(["--json", "devices", "show", "cam-2"], _ => true, "the demo cameras to be registered");
            CameraStream = cam2.Json.GetProperty("device").GetProperty("streamUrl").GetString()!;
            await WaitForAsync(["--json", "segments", "cam-1"], r => r.Json.GetArrayLength() >= 5, "cam-1 to have 5 segments");
            DiscoveryAddress = await PrintedAsync(DiscoveryLine(), "the demo to print its WS-Discovery address");
        }
        catch
        {
            await StopAsync();
            throw;
        }
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_demo is not null) await _demo.DisposeAsync();
        _demo = null;
        if (_data is not null && Directory.Exists(_data)) Directory.Delete(_data, true);
    }

    /// <summary>The administrator's sign-in, as soon as the management server listens (it creates the administrator before that).</summary>
    private static async Task<string> SignInAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri(Url) };
        var deadline = DateTime.UtcNow + StartPatience;
        while (true)
        {
            if (_demo!.HasExited) Assert.Fail($"The demo exited with {_demo.ExitCode}:\n{_demo.Output}");
            try
            {
                return await TestAuth.SignInAsync(http);
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
            }
        }
    }

    private static async Task<VmsctlResult> WaitForAsync(string[] args, Func<VmsctlResult, bool> done, string what)
    {
        var deadline = DateTime.UtcNow + StartPatience;
        VmsctlResult? last = null;
        while (DateTime.UtcNow < deadline)
        {
            if (_demo!.HasExited) Assert.Fail($"The demo exited with {_demo.ExitCode}:\n{_demo.Output}");
            last = await RunAsync([.. args, "--timeout", "5s"]);
            if (last.ExitCode == 0 && done(last)) return last;
            await Task.Delay(250);
        }
        Assert.Fail($"Timed out waiting for {what}. Last run: {last}\nDemo output:\n{_demo!.Output}");
        return last!;
    }

    private static async Task<string> PrintedAsync(Regex line, string what)
    {
        var deadline = DateTime.UtcNow + StartPatience;
        while (DateTime.UtcNow < deadline)
        {
            if (line.Match(_demo!.Output) is { Success: true } m) return m.Groups[1].Value;
            if (_demo.HasExited) Assert.Fail($"The demo exited with {_demo.ExitCode}:\n{_demo.Output}");
            await Task.Delay(100);
        }
        Assert.Fail($"Timed out waiting for {what}. Demo output:\n{_demo!.Output}");
        return "";
    }

    [GeneratedRegex(@"WS-Discovery [^:\n]*: (127\.0\.0\.1:\d+)")]
    private static partial Regex DiscoveryLine();
}
