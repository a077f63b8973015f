using VmsServices.Integration.Tests.Infrastructure;
using VmsServices.TestSupport;

namespace VmsServices.Integration.Tests;

/// <summary>The same configuration scenario on the embedded default: in-memory bus, SQLite, one process.</summary>
[Category("Integration")]
public sealed class EmbeddedDefaultTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private string _data = null!;

    [SetUp]
    public void SetUp() => _data = RepoPaths.NewScratchDirectory("embedded");

    [TearDown]
    public void TearDown() => Directory.Delete(_data, true);

    [Test]
    public async Task Each_recorder_gets_its_copy_and_only_its_own_changes_and_keeps_them_across_a_restart()
    {
        var basePort = DemoProcess.FreeBasePort();
        await using (var demo = DemoProcess.StartDll(_data, basePort, "--Demo:SimulatedCameras=0"))
        {
            var urls = await DemoProcess.WaitForUrlsAsync(demo, 3, TimeSpan.FromSeconds(60));
            using var management = new ServiceClient(urls[0]);
            var token = await management.SignInAsync();
            using var a = new ServiceClient(urls[1]).WithToken(token);
            using var b = new ServiceClient(urls[2]).WithToken(token);
            await Eventually.Get(management.ServersAsync, s => s.Count == 2, Patience, "both recorders to join");

            await management.AddDeviceAsync("cam-1", "rec-a");
            var (version, _) = await management.TableAsync();

            var copyA = await Eventually.Get(a.CopyAsync, c => c.Version == version, Patience, "rec-a's copy");
            var copyB = await Eventually.Get(b.CopyAsync, c => c.Version == version, Patience, "rec-b's copy");
            Assert.That(copyA.DeviceIds(), Is.EqualTo(new[] { "cam-1" }));
            Assert.That(copyB.DeviceIds(), Is.Empty);
            Assert.That(await demo.StopGracefullyAsync(TimeSpan.FromSeconds(30)), Is.True, demo.Output);
            Assert.That(demo.ExitCode, Is.EqualTo(0), demo.Output);
        }

        await using (var again = DemoProcess.StartDll(_data, basePort, "--Demo:SimulatedCameras=0"))
        {
            var urls = await DemoProcess.WaitForUrlsAsync(again, 3, TimeSpan.FromSeconds(60));
            using var management = new ServiceClient(urls[0]);
            using var a = new ServiceClient(urls[1]).WithToken(await management.SignInAsync());
            Assert.That((await a.CopyAsync()).DeviceIds(), Is.EqualTo(new[] { "cam-1" }), "the copy survives a restart");
        }
    }
}
