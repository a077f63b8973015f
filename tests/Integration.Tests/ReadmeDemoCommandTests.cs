using System.Net;
using VmsServices.Integration.Tests.Infrastructure;
using VmsServices.TestSupport;

namespace VmsServices.Integration.Tests;

/// <summary>README's demo command, exactly as a user types it: starts, answers on its printed URLs, stops cleanly.</summary>
[Category("Integration")]
public sealed class ReadmeDemoCommandTests
{
    [Test]
    public async Task The_demo_command_starts_answers_and_stops_cleanly()
    {
        Assert.That(File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md")), Does.Contain("./build.sh demo"));
        var data = RepoPaths.NewScratchDirectory("readme-demo");
        var basePort = DemoProcess.FreeBasePort();
        var demo = ServiceProcess.StartCommand("build.sh demo", "bash",
            [Path.Combine(RepoPaths.Root, "build.sh"), "demo", $"--configuration={RepoPaths.Configuration}"],
            RepoPaths.Root,
            new Dictionary<string, string> { ["VMS_Demo__BasePort"] = basePort.ToString(), ["VMS_Demo__DataDirectory"] = data, ["VMS_Demo__CameraPort"] = "0", ["VMS_Demo__AdministratorPassword"] = TestAuth.AdministratorPassword },
            ownProcessGroup: true);
        try
        {
            var urls = await DemoProcess.WaitForUrlsAsync(demo, 3, TimeSpan.FromMinutes(4));

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            foreach (var url in urls)
            {
                using var response = await http.GetAsync(url + "/health/ready");
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), url);
            }
            // Out of the box it records two simulated cameras, one on each recording server.
            using var management = new ServiceClient(urls[0]);
            var token = await management.SignInAsync();
            using var recA = new ServiceClient(urls[1]).WithToken(token);
            using var recB = new ServiceClient(urls[2]).WithToken(token);
            await Eventually.Get(() => recA.SegmentsAsync("cam-1"), s => s.Count > 0, TimeSpan.FromSeconds(60), "cam-1 to be recorded on rec-a");
            await Eventually.Get(() => recB.SegmentsAsync("cam-2"), s => s.Count > 0, TimeSpan.FromSeconds(60), "cam-2 to be recorded on rec-b");

            Assert.That(await demo.StopGroupGracefullyAsync(TimeSpan.FromSeconds(30)), Is.True, demo.Output);
            // The signal reaches the whole group as Ctrl+C would; the demo itself must shut down in order
            // (cake and dotnet run in front of it just die of the signal, so their exit code says nothing).
            await Eventually.Get(() => Task.FromResult(demo.Output), o => o.Contains("Stopping..."), TimeSpan.FromSeconds(10), "the demo to stop in order");
        }
        finally
        {
            await demo.DisposeAsync();
            Directory.Delete(data, true);
        }
    }
}
