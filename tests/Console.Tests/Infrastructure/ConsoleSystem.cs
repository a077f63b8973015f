using Microsoft.Playwright;
using VmsServices.OperatorConsole.Tests.Infrastructure;
using VmsServices.TestSupport;

// The root namespace of the tests: a SetUpFixture serves only the tests in its namespace and below.
namespace VmsServices.OperatorConsole.Tests;

/// <summary>
/// One running system and one browser for every test: the embedded demo (management server with
/// the console, rec-a and rec-b, simulated cameras cam-1 on rec-a and cam-2 on rec-b) as a real
/// process on free ports with its own data folder, started once and stopped by PID, also when
/// starting fails; and headless Chromium. The demo's administrator has the tests' password
/// (TestAuth): <see cref="Api"/> calls as that administrator, and every browser tab is signed in
/// unless a test asks for another user or none (<see cref="ConsolePage.OpenAsync"/>). Segments are 1 s so that recordings and moves show quickly;
/// a move's target has 5 s to start recording, so that a refused move is refused quickly.
/// </summary>
[SetUpFixture]
public sealed class ConsoleSystem
{
    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(90);
    private static ServiceProcess? _demo;
    private static string? _data;
    private static IPlaywright? _playwright;

    public static string Url { get; private set; } = "";
    public static SystemApi Api { get; private set; } = null!;
    public static IBrowser Browser { get; private set; } = null!;
    public static string DemoOutput => _demo?.Output ?? "";

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        (_playwright, Browser) = await HeadlessChromium.LaunchAsync();
        // A bound for a hang, not a performance threshold: moves and recordings take seconds on a loaded machine.
        Assertions.SetDefaultExpectTimeout(30_000);
        _data = RepoPaths.NewScratchDirectory("console");
        var basePort = Ports.FreeBlock(3); // management, rec-a, rec-b
        Url = $"http://127.0.0.1:{basePort}";
        Api = new SystemApi(Url);
        _demo = ServiceProcess.Start("demo", RepoPaths.ServiceDll(Path.Combine("tools", "Demo"), "VmsServices.Demo"), _data,
        [
            $"--Demo:BasePort={basePort}", $"--Demo:DataDirectory={_data}", "--Demo:CameraPort=0",
            $"--Demo:AdministratorPassword={TestAuth.AdministratorPassword}",
            "--Recording:SegmentTargetDuration=00:00:01",
            "--Management:Moves:PrepareTimeout=00:00:05",
            // Keep the cameras where the tests put them.
            "--Management:Assignment:Rebalance=false",
        ]);
        try
        {
            await WaitForAsync(Api.TrySignInAsync, "the administrator's sign-in");
            await WaitForAsync(async () => (await Api.GetAsync("/api/recording-servers/status")).EnumerateArray()
                .Count(s => s.GetProperty("state").GetString() == "online") >= 2, "rec-a and rec-b to be online");
            await WaitForAsync(async () => await Api.CurrentServerAsync("cam-1") == "rec-a" && await Api.CurrentServerAsync("cam-2") == "rec-b",
                "cam-1 on rec-a and cam-2 on rec-b");
            // Ten seconds of cam-1 on rec-a before any test moves it: playing from before a move has video there.
            await WaitForAsync(async () => (await Api.SegmentsAsync("cam-1")).Count >= 10, "cam-1 to have 10 segments");
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
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        _playwright = null;
        Api?.Dispose();
        if (_demo is not null) await _demo.DisposeAsync();
        _demo = null;
        if (_data is not null && Directory.Exists(_data)) Directory.Delete(_data, true);
    }

    private static async Task WaitForAsync(Func<Task<bool>> done, string what)
    {
        var deadline = DateTime.UtcNow + StartPatience;
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            if (_demo!.HasExited) Assert.Fail($"The demo exited with {_demo.ExitCode}:\n{_demo.Output}");
            try
            {
                if (await done()) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                last = e;
            }
            await Task.Delay(250);
        }
        Assert.Fail($"Timed out waiting for {what} ({last?.Message}). Demo output:\n{_demo!.Output}");
    }
}
