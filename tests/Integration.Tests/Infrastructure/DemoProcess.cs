using System.Text.RegularExpressions;
using VmsServices.TestSupport;

namespace VmsServices.Integration.Tests.Infrastructure;

/// <summary>The embedded default (management + rec-a + rec-b in one process), as a real process.</summary>
public static partial class DemoProcess
{
    /// <summary>A base port with the next few ports free too, for the demo's management + recorders.</summary>
    public static int FreeBasePort() => Ports.FreeBlock(4);

    public static ServiceProcess StartDll(string dataDirectory, int basePort, params string[] extraArgs) =>
        ServiceProcess.Start("demo", RepoPaths.ServiceDll(Path.Combine("tools", "Demo"), "VmsServices.Demo"), dataDirectory,
            [$"--Demo:BasePort={basePort}", $"--Demo:DataDirectory={dataDirectory}", "--Demo:CameraPort=0", $"--Demo:AdministratorPassword={TestAuth.AdministratorPassword}", .. extraArgs]);

    /// <summary>The URLs the demo printed, once it printed all of them (management first).</summary>
    public static async Task<IReadOnlyList<string>> WaitForUrlsAsync(ServiceProcess demo, int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (demo.HasExited) Assert.Fail($"The demo exited with {demo.ExitCode}:\n{demo.Output}");
            var urls = PrintedUrl().Matches(demo.Output).Select(m => m.Groups[1].Value).Distinct().ToList();
            if (urls.Count >= count) return urls;
            await Task.Delay(200);
        }
        Assert.Fail($"The demo did not print its URLs in time:\n{demo.Output}");
        return [];
    }

    [GeneratedRegex(@"(?:management server|recording server [a-z0-9.-]+): (http://127\.0\.0\.1:\d+)")]
    private static partial Regex PrintedUrl();
}
